/**
 * The operator's `roles set` changes the role set by hand: while an Okta group mapped to a higher
 * role keeps the user there, it says so, and `roles list` marks the role as coming from a group.
 * Run as the real CLI, beside a running server on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../../dev/stack/cli-process';
import { seedRecords } from '../../../dev/stack/seed-records';
import { startSyncServer } from '../../../dev/stack/sync-server';
import type { Team, User } from '../../../domain/records';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { rotateScimToken } from '../../../sync-server/scim/token';

const CLI = 'sync-server/cli.ts';
const SAM = { id: '00usam00000000000001', login: 'sam@example.com' };

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

describe('roles set beside a group role', () => {
  it('sets the role by hand, says the group keeps the user higher, and roles list marks it', async () => {
    const server = await startSyncServer({ store: 'postgres', issuer: sim.issuer, audience: sim.audience });
    try {
      const { token } = await rotateScimToken(server.db, 'test');
      const scim = (path: string, body: unknown) =>
        fetch(`${server.url}/scim/v2${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify(body),
        });
      const created = await scim('/Users', {
        userName: SAM.login,
        externalId: SAM.id,
        emails: [{ value: SAM.login, primary: true }],
        name: { givenName: 'Sam', familyName: 'Support' },
      });
      expect(created.status).toBe(201);
      const sam = (await created.json()) as { id: string };
      expect((await scim('/Groups', { displayName: 'Support', members: [{ value: sam.id }] })).status).toBe(201);
      const team = (
        await server.db.query<{ doc: Team }>("select doc from records where collection = 'teams' and not deleted")
      )[0]?.doc as Team;
      await seedRecords(server, { teams: [{ ...team, mappedRole: 'admin' }] });

      const env = cleanEnv({ DATABASE_URL: server.databaseUrl ?? '' });
      const set = await run(CLI, ['roles', 'set', SAM.login, 'loginOnly'], env);
      expect(set.code, set.stderr).toBe(0);
      expect(set.stderr).toContain('Sam Support stays Admin while in the Okta group Support, which gives Admin.');
      const stored = async () =>
        (
          await server.db.query<{ doc: User }>("select doc from records where collection = 'users' and id = $1", [
            sam.id,
          ])
        )[0]?.doc;
      expect(await stored()).toMatchObject({ role: 'admin', manualRole: 'loginOnly' });

      const listed = await run(CLI, ['roles', 'list'], env);
      expect(listed.stdout).toMatch(/admin\s+sam@example\.com\s+\(from an Okta group; set by hand: loginOnly\)/);
    } finally {
      await server.close();
    }
  });
});
