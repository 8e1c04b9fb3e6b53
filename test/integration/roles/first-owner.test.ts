/**
 * Day one in a real organisation: Okta provisions everyone as `user`, and the operator makes the
 * first Owner — with `roles set` (the real CLI, as a child process) or LATCHKEY_OWNER_EMAIL — on
 * PGlite and on PostgreSQL beside a running server. The workspace never ends without an Owner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../../dev/stack/cli-process';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import type { User } from '../../../domain/records';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { rotateScimToken } from '../../../sync-server/scim/token';

const CLI = 'sync-server/cli.ts';
const PEOPLE = [
  { id: '00uada00000000000001', login: 'ada@example.com' },
  { id: '00ubob00000000000002', login: 'bob@example.com' },
];

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({
    port: 0,
    seed: {
      users: PEOPLE.map((p) => ({ ...p, email: p.login, firstName: 'A', lastName: 'B', password: 'Passw0rd!' })),
    },
  });
});
afterAll(async () => {
  await sim?.close();
});

async function provision(server: TestSyncServer): Promise<void> {
  const { token } = await rotateScimToken(server.db, 'test');
  for (const person of PEOPLE) {
    const res = await fetch(`${server.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        userName: person.login,
        externalId: person.id,
        emails: [{ value: person.login, primary: true }],
        name: { givenName: 'A', familyName: 'B' },
      }),
    });
    expect(res.status).toBe(201);
  }
}

async function roleOf(server: TestSyncServer, userName: string): Promise<User['role'] | undefined> {
  const rows = await server.db.query<{ doc: User }>(
    "select doc from records where collection = 'users' and doc->>'userName' = $1",
    [userName],
  );
  return rows[0]?.doc.role;
}

describe('roles set on PGlite', () => {
  let dataDir: string;
  // Each CLI run starts Node and opens the folder's PGlite: seconds each on a busy machine.
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-roles-'));
    const server = await startSyncServer({ store: 'pglite', issuer: sim.issuer, audience: sim.audience, dataDir });
    try {
      await provision(server);
      // While the server holds the folder, the tool refuses and says what to do instead.
      const refused = await run(CLI, ['roles', 'set', 'ada@example.com', 'owner', '--data', dataDir]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('LATCHKEY_OWNER_EMAIL');
    } finally {
      await server.close();
    }
  }, 240_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes the first Owner, lists roles, and refuses what would leave no Owner', async () => {
    const set = await run(CLI, ['roles', 'set', 'ADA@example.com', 'owner', '--data', dataDir]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('ada@example.com is now owner');

    const list = await run(CLI, ['roles', 'list', '--data', dataDir]);
    expect(list.stdout).toMatch(/owner\s+ada@example\.com/);
    expect(list.stdout).toMatch(/user\s+bob@example\.com/);

    const lastOwner = await run(CLI, ['roles', 'set', 'ada@example.com', 'admin', '--data', dataDir]);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr).toContain('last Owner');
    const unknown = await run(CLI, ['roles', 'set', 'zed@example.com', 'admin', '--data', dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('assign them to the Latchkey app in Okta');
    const badRole = await run(CLI, ['roles', 'set', 'bob@example.com', 'emperor', '--data', dataDir]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('owner, superAdmin, admin, user, loginOnly');

    const server = await startSyncServer({ store: 'pglite', issuer: sim.issuer, audience: sim.audience, dataDir });
    try {
      expect(await roleOf(server, 'ada@example.com')).toBe('owner');
      const audit = await server.db.query<{ actor_type: string; actor_id: string }>(
        "select actor_type, actor_id from audit_events where action = 'user.setRole'",
      );
      expect(audit).toEqual([{ actor_type: 'system', actor_id: 'cli' }]);
    } finally {
      await server.close();
    }
  }, 300_000);
});

describe('roles set on PostgreSQL, beside a running server', () => {
  it('takes effect at once: the new Owner may manage the SCIM token', async () => {
    const server = await startSyncServer({ store: 'postgres', issuer: sim.issuer, audience: sim.audience });
    try {
      await provision(server);
      const asAda = async () =>
        (
          await fetch(`${server.url}/api/v1/scim-token`, {
            headers: { authorization: `Bearer ${await sim.issueAccessToken(PEOPLE[0]?.id ?? '')}` },
          })
        ).status;
      expect(await asAda()).toBe(403);
      const set = await run(
        CLI,
        ['roles', 'set', 'ada@example.com', 'owner'],
        cleanEnv({ DATABASE_URL: server.databaseUrl ?? '' }),
      );
      expect(set.code, set.stderr).toBe(0);
      expect(await asAda()).toBe(200);
    } finally {
      await server.close();
    }
  }, 180_000);
});

describe('LATCHKEY_OWNER_EMAIL', () => {
  it('makes that person Owner when Okta provisions them into a workspace without one, and only then', async () => {
    const server = await startSyncServer({
      store: 'postgres',
      issuer: sim.issuer,
      audience: sim.audience,
      ownerEmail: 'Ada@Example.com',
    });
    try {
      await provision(server);
      expect(await roleOf(server, 'ada@example.com')).toBe('owner');
      expect(await roleOf(server, 'bob@example.com')).toBe('user');
      const audit = await server.db.query<{ action: string }>(
        "select action from audit_events where action = 'user.firstOwner'",
      );
      expect(audit).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
