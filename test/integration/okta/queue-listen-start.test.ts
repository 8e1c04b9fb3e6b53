/**
 * The Okta worker hears committed changes through LISTEN, which takes a moment to set up after the
 * server starts; the worker's first look at the queue can come before that. A change committed in
 * between must not wait for the idle poll (ten minutes here): once LISTEN is up, the worker looks
 * again. Here the LISTEN is held back until the worker has found the queue empty and gone to
 * sleep, and the change has been committed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { createTestDatabase } from '../../../dev/stack/postgres';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { type BuiltApp, buildApp } from '../../../sync-server/app';
import { OKTA_QUEUE_CHANNEL } from '../../../sync-server/okta/outbox';
import { type Db, openPostgres } from '../../../sync-server/store/db';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * `db` whose LISTEN on the Okta queue's channel starts only once `release` is called, and which
 * tells when the worker asked how long it may sleep (the query of `nextClaimableInMs`).
 */
function withHeldQueueListen(db: Db): { db: Db; release(): void; workerAsleep: Promise<void> } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asleep!: () => void;
  const workerAsleep = new Promise<void>((resolve) => {
    asleep = resolve;
  });
  const held = new Proxy(db, {
    get(target, property) {
      if (property === 'listen') {
        return async (...args: Parameters<Db['listen']>) => {
          if (args[0] === OKTA_QUEUE_CHANNEL) await released;
          return target.listen(...args);
        };
      }
      if (property === 'query') {
        return async (...args: Parameters<Db['query']>) => {
          const rows = await target.query(...args);
          if (/min\(greatest\(due_at/.test(args[0])) asleep();
          return rows;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: held, release, workerAsleep };
}

it('a change committed before the queue LISTEN is up is synced once it is, not at the next idle poll', async () => {
  const sim: OktaSim = await startOktaSim({ port: 0, seed: { users: oktaUserSeed(1) } });
  cleanups.push(() => sim.close());
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-listen-start-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await createTestDatabase('latchkey_listen_start');
  cleanups.push(() => database.drop());
  // The server closes the store it was given.
  const { db, release, workerAsleep } = withHeldQueueListen(await openPostgres(database.url));
  const server: BuiltApp = await buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: database.url,
      credentialsKey: randomBytes(32).toString('base64'),
      issuer: sim.issuer,
      audience: sim.audience,
      okta: { orgUrl: sim.url, apiToken: sim.apiToken },
    },
    { db, okta: { worker: { idlePollMs: 600_000 } } },
  );
  cleanups.push(() => server.close());
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  await workerAsleep;

  const owner = makeUser({ id: 'u1', userName: 'user1@example.com', externalId: oktaUserId(1) });
  const account = makeExtendedAccount({ id: 'early', name: 'Early' });
  await seedRecords(server, {
    settings: [makeSettings({ extendedAccessEnabled: true })],
    users: [owner],
    accounts: [account],
    shares: [makeShare({ account }, { user: owner }, 'owner')],
  });
  release();

  await eventually(
    () =>
      [...sim.directory.apps.values()].some(
        (app) => app.url?.endsWith('/launch/early') && app.users.has(owner.externalId ?? ''),
      ),
    30_000,
    'the account extended to Okta',
  );
  expect([...sim.directory.apps.values()].filter((app) => app.url?.endsWith('/launch/early'))).toHaveLength(1);
});
