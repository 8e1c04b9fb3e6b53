/**
 * On PostgreSQL the SCIM token tool keeps working while servers run: a rotation by the real CLI
 * process is honoured by a running server at once (new token accepted on its first use; the old
 * one refused once the commit's NOTIFY arrives).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../../dev/stack/cli-process';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { rotateScimToken } from '../../../sync-server/scim/token';

let sim: OktaSim;
let database: TestDatabase;
let server: TestSyncServer;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0 });
  database = await createTestDatabase('latchkey_first_run');
  server = await startSyncServer({
    store: 'postgres',
    databaseUrl: database.url,
    issuer: sim.issuer,
    audience: sim.audience,
  });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  await sim?.close();
});

const scimUsers = (token: string) =>
  fetch(`${server.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('scim-token rotate with DATABASE_URL while a server runs', () => {
  it('the new token works at once on the running server and the old one stops working', async () => {
    const { token: old } = await rotateScimToken(server.db, 'test');
    expect(await scimUsers(old)).toBe(200);

    const rotated = await run('sync-server/cli.ts', ['scim-token', 'rotate'], cleanEnv({ DATABASE_URL: database.url }));
    expect(rotated.code).toBe(0);
    const next = rotated.stdout.trim();
    expect(next).toMatch(/^lks_scim_/);
    expect(await scimUsers(next)).toBe(200);
    // The server drops its cached digest when the NOTIFY of the CLI's commit arrives.
    await expect.poll(() => scimUsers(old), { timeout: 10_000 }).toBe(401);
  });
});
