/**
 * The operator's `roles set` clears All-Access Mode in the same write as a demotion below Super
 * Admin, as the REST route does: run as the real CLI, beside a running server on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../../dev/stack/cli-process';
import { startSyncServer } from '../../../dev/stack/sync-server';
import type { User } from '../../../domain/records';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { rotateScimToken } from '../../../sync-server/scim/token';

const CLI = 'sync-server/cli.ts';
const SAM = { id: '00usam00000000000001', login: 'sam@example.com' };

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({
    port: 0,
    seed: { users: [{ ...SAM, email: SAM.login, firstName: 'Sam', lastName: 'Super', password: 'Passw0rd!' }] },
  });
});
afterAll(async () => {
  await sim?.close();
});

describe('roles set and All-Access Mode', () => {
  it('a demotion to Admin turns the mode off; a promotion back leaves it off', async () => {
    const server = await startSyncServer({ store: 'postgres', issuer: sim.issuer, audience: sim.audience });
    try {
      const { token } = await rotateScimToken(server.db, 'test');
      const created = await fetch(`${server.url}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          userName: SAM.login,
          externalId: SAM.id,
          emails: [{ value: SAM.login, primary: true }],
          name: { givenName: 'Sam', familyName: 'Super' },
        }),
      });
      expect(created.status).toBe(201);
      const env = cleanEnv({ DATABASE_URL: server.databaseUrl ?? '' });
      const roles = async (role: string) => {
        const done = await run(CLI, ['roles', 'set', SAM.login, role], env);
        expect(done.code, done.stderr).toBe(0);
      };
      const stored = async (): Promise<User | undefined> =>
        (
          await server.db.query<{ doc: User }>(
            "select doc from records where collection = 'users' and doc->>'userName' = $1",
            [SAM.login],
          )
        )[0]?.doc;

      await roles('superAdmin');
      const on = await fetch(`${server.url}/api/v1/me/all-access`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${await sim.issueAccessToken(SAM.id)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ on: true }),
      });
      expect(on.status).toBe(200);
      expect(await stored()).toMatchObject({ role: 'superAdmin', allAccess: true });

      await roles('admin');
      expect(await stored()).toMatchObject({ role: 'admin', allAccess: false });
      await roles('superAdmin');
      expect(await stored()).toMatchObject({ role: 'superAdmin', allAccess: false });
    } finally {
      await server.close();
    }
  }, 180_000);
});
