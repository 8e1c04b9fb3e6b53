/**
 * `kill -9` of a real server process in the middle of a first sync, then a new process on the
 * same PostgreSQL database: the queue survives, the dead worker's leases expire, and Okta ends
 * with exactly one app per account and exactly the projected assignments.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningCli, start } from '../../../dev/stack/cli-process';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { buildApp } from '../../../sync-server/app';

const PUBLIC_URL = 'https://latchkey.example.test';
const ACCOUNTS = 40;
const USERS = 8;

describe('crash and restart', () => {
  let sim: OktaSim | undefined;
  let database: TestDatabase | undefined;
  let dataDir = '';
  const children: RunningCli[] = [];

  afterAll(async () => {
    for (const cli of children) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await sim?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function startServer(credentialsKey: string): RunningCli {
    if (!sim || !database) throw new Error('not set up');
    const args = ['--port', '0', '--data', dataDir, '--issuer', sim.issuer, '--audience', sim.audience];
    const cli = start('sync-server/cli.ts', [...args, '--public-url', PUBLIC_URL, '--okta-org-url', sim.url], {
      ...process.env,
      DATABASE_URL: database.url,
      LATCHKEY_CREDENTIALS_KEY: credentialsKey,
      LATCHKEY_OKTA_API_TOKEN: sim.apiToken,
    });
    children.push(cli);
    return cli;
  }

  const appsByAccount = (): Map<string, { id: string; users: string[] }[]> => {
    const map = new Map<string, { id: string; users: string[] }[]>();
    for (const app of sim?.directory.apps.values() ?? []) {
      if (!app.url?.startsWith(`${PUBLIC_URL}/launch/`)) continue;
      const accountId = app.url.slice(`${PUBLIC_URL}/launch/`.length);
      map.set(accountId, [...(map.get(accountId) ?? []), { id: app.id, users: [...app.users.keys()].sort() }]);
    }
    return map;
  };

  it('converges with no duplicate app after kill -9 mid-sync', async () => {
    // Fast buckets and a little latency: the kill lands while creates and assignments are in flight.
    sim = await startOktaSim({
      port: 0,
      seed: { users: oktaUserSeed(USERS) },
      rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 },
    });
    sim.faults.set({ latencyMs: 15 });
    database = await createTestDatabase('latchkey_okta_crash');
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-okta-crash-'));
    const credentialsKey = randomBytes(32).toString('base64');

    const users = Array.from({ length: USERS }, (_, i) =>
      makeUser({ id: `u${i + 1}`, userName: `user${i + 1}@example.com`, externalId: oktaUserId(i + 1) }),
    );
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
      makeExtendedAccount({ id: `a${i}`, name: `Account ${i}` }),
    );
    const seeder = await buildApp({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: database.url,
      issuer: sim.issuer,
      audience: sim.audience,
      credentialsKey,
    });
    await seedRecords(seeder, {
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users,
      accounts,
      shares: accounts.flatMap((a) =>
        users.map((u, j) => makeShare({ account: a }, { user: u }, j === 0 ? 'owner' : 'collaborator')),
      ),
    });
    await seeder.close();

    const first = startServer(credentialsKey);
    await eventually(() => appsByAccount().size >= ACCOUNTS / 4, 60_000, 'first sync under way');
    first.child.kill('SIGKILL');
    await first.finished;
    const atKill = appsByAccount().size;
    expect(atKill).toBeLessThan(ACCOUNTS);

    startServer(credentialsKey);
    const want = users.map((u) => u.externalId).sort();
    await eventually(
      () => {
        const apps = appsByAccount();
        return (
          apps.size === ACCOUNTS &&
          [...apps.values()].every(
            (list) => list.length === 1 && JSON.stringify(list[0]?.users) === JSON.stringify(want),
          )
        );
      },
      90_000,
      'every account with exactly one app and every assignment',
    );
  }, 150_000);
});
