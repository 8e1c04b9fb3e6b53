/**
 * Two server processes' worth of workers (two apps, two connection pools) on one PostgreSQL
 * database share the outbox: each account is reconciled once, both workers take part, and Okta
 * ends with one app per account.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { type BuiltApp, buildApp } from '../../../sync-server/app';

const PUBLIC_URL = 'https://latchkey.shared.test';
const ACCOUNTS = 30;

describe('several servers share the Okta queue', () => {
  let sim: OktaSim | undefined;
  let database: TestDatabase | undefined;
  const servers: BuiltApp[] = [];
  const dirs: string[] = [];

  afterAll(async () => {
    for (const s of servers) await s.close();
    await sim?.close();
    await database?.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('reconciles each account once with both workers taking part', async () => {
    sim = await startOktaSim({
      port: 0,
      seed: { users: oktaUserSeed(3) },
      rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 },
    });
    sim.faults.set({ latencyMs: 10 });
    database = await createTestDatabase('latchkey_okta_shared');
    const credentialsKey = randomBytes(32).toString('base64');
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-okta-shared-'));
      dirs.push(dataDir);
      const server = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir,
          databaseUrl: database.url,
          issuer: sim.issuer,
          audience: sim.audience,
          credentialsKey,
          publicUrl: PUBLIC_URL,
          okta: { orgUrl: sim.url, apiToken: sim.apiToken },
        },
        { okta: { worker: { workerId: `worker-${i}`, batchSize: 4, accountConcurrency: 2 } } },
      );
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      servers.push(server);
    }
    const claimedBy = new Set<string>();
    const first = servers[0] as BuiltApp;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await first.db.query<{ claimed_by: string }>(
          'select distinct claimed_by from okta_outbox where claimed_by is not null',
        );
        for (const r of rows) claimedBy.add(r.claimed_by);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const users = [1, 2, 3].map((n) => makeUser({ id: `u${n}`, externalId: oktaUserId(n) }));
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
      makeExtendedAccount({ id: `s${i}`, name: `Shared ${i}` }),
    );
    await seedRecords(first, {
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users,
      accounts,
      shares: accounts.flatMap((a) =>
        users.map((u, j) => makeShare({ account: a }, { user: u }, j === 0 ? 'owner' : 'collaborator')),
      ),
    });

    const ours = () =>
      [...(sim?.directory.apps.values() ?? [])].filter((a) => a.url?.startsWith(`${PUBLIC_URL}/launch/`));
    await eventually(() => ours().length === ACCOUNTS && ours().every((a) => a.users.size === 3), 60_000, 'all synced');
    watching = false;
    await watcher;

    expect(new Set(ours().map((a) => a.url)).size).toBe(ACCOUNTS);
    expect(claimedBy).toEqual(new Set(['worker-0', 'worker-1']));
    // Each account was created once: no create was repeated by the other worker.
    const creates = sim.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/apps');
    expect(creates).toHaveLength(ACCOUNTS);
  }, 90_000);
});
