/**
 * The outbox's guarantees on a real PostgreSQL database: a change made while an account is
 * being reconciled is not lost, a rolled-back change queues nothing, leases expire, failures
 * back off, and accounts that never had or wanted an Okta app are never queued.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeAccount, makeExtendedAccount, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import {
  claim,
  complete,
  endRunIfIdle,
  enqueue,
  fail,
  nextClaimableInMs,
  readRunState,
  startRun,
} from '../../../sync-server/okta/outbox';
import { registerOutboxHook } from '../../../sync-server/okta/outbox-hook';
import { createCipher } from '../../../sync-server/store/credentials-cipher';
import { type Db, openPostgres } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';
import { RecordsRepo } from '../../../sync-server/store/records-repo';

describe('okta outbox', () => {
  let database: TestDatabase;
  let db: Db;
  const repo = new RecordsRepo(createCipher(randomBytes(32)));

  beforeAll(async () => {
    database = await createTestDatabase('latchkey_okta_outbox');
    db = await openPostgres(database.url);
    await migrate(db);
    registerOutboxHook(repo);
    await seedRecords(
      { db, repo },
      {
        users: [makeUser({ id: 'u1' })],
        accounts: [
          makeExtendedAccount({ id: 'ext' }),
          makeExtendedAccount({ id: 'ext-a' }),
          makeExtendedAccount({ id: 'ext-b' }),
          makeAccount({ id: 'plain' }),
        ],
      },
    );
    await db.query('delete from okta_outbox');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('keeps a change that arrives while the account is being reconciled', async () => {
    await db.transaction((tx) => enqueue(tx, ['ext']));
    const [job] = await claim(db, 'w1', 10, 60_000);
    expect(job).toMatchObject({ accountId: 'ext', generation: 1 });
    // A share changes mid-reconcile: the hook queues the account again.
    await seedRecords({ db, repo }, { shares: [makeShare({ account: 'ext' }, { user: 'u1' }, 'owner', 'sh1')] });
    await db.transaction((tx) => complete(tx, 'w1', job as NonNullable<typeof job>));
    const [again] = await claim(db, 'w1', 10, 60_000);
    expect(again).toMatchObject({ accountId: 'ext', generation: 2 });
    await db.transaction((tx) => complete(tx, 'w1', again as NonNullable<typeof again>));
    expect((await readRunState(db)).pending).toBe(0);
  });

  it('queues two accounts from two open transactions without either waiting for the other', async () => {
    // The run's progress used to be raised in the writing transaction, on one row: the second
    // writer waited for the first to commit, and so did every write of an extended account.
    await db.transaction(async (first) => {
      await enqueue(first, ['ext-a']);
      // Still open: a second writer must finish on its own. Bounded, so a wait fails the test.
      await db.transaction(async (second) => {
        await second.query("set local lock_timeout = '5s'");
        await enqueue(second, ['ext-b']);
      });
    });
    const state = await readRunState(db);
    expect(state.pending).toBe(2);
    expect(state.progress).toEqual({ done: 0, total: 2, startedAt: null });
    const jobs = await claim(db, 'w1', 10, 60_000);
    await startRun(db);
    await db.transaction((tx) => complete(tx, 'w1', jobs[0] as (typeof jobs)[number]));
    expect((await readRunState(db)).progress).toMatchObject({ done: 1, total: 2 });
    await db.transaction((tx) => complete(tx, 'w1', jobs[1] as (typeof jobs)[number]));
    await endRunIfIdle(db);
    expect(await readRunState(db)).toMatchObject({ pending: 0, progress: { done: 2, total: 2 } });
  });

  it('tells an idle worker there is nothing to wait for when the queue is empty', async () => {
    expect((await readRunState(db)).pending).toBe(0);
    expect(await nextClaimableInMs(db)).toBeNull();
  });

  it('queues nothing for a rolled-back change or an account never extended', async () => {
    await expect(
      db.transaction(async (tx) => {
        await repo.put(tx, 'shares', makeShare({ account: 'ext' }, { user: 'u1' }, 'collaborator', 'sh2'), {
          type: 'system',
          name: 'test',
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await seedRecords({ db, repo }, { shares: [makeShare({ account: 'plain' }, { user: 'u1' }, 'owner', 'sh3')] });
    expect((await readRunState(db)).pending).toBe(0);
  });

  it('hands a dead worker’s account to another once its lease lapses, and backs off a failure', async () => {
    await db.transaction((tx) => enqueue(tx, ['ext']));
    const [held] = await claim(db, 'dead', 10, 1);
    expect(held?.accountId).toBe('ext');
    await db.query("update okta_outbox set claimed_until = now() - interval '1 second'");
    const [taken] = await claim(db, 'alive', 10, 60_000);
    expect(taken?.accountId).toBe('ext');
    expect(await claim(db, 'other', 10, 60_000)).toEqual([]);

    await fail(db, 'alive', taken as NonNullable<typeof taken>, 60_000, 'Okta unreachable');
    expect(await claim(db, 'alive', 10, 60_000)).toEqual([]);
    // An idle worker sleeps until the retry is due (about a minute), not a fixed poll.
    const untilRetry = await nextClaimableInMs(db);
    expect(untilRetry).toBeGreaterThan(0);
    expect(untilRetry).toBeLessThanOrEqual(60_000);
    const [row] = await db.query<{ attempts: number; last_error: string }>(
      'select attempts, last_error from okta_outbox',
    );
    expect(row).toEqual({ attempts: 1, last_error: 'Okta unreachable' });
    // The dead worker's late completion does not remove work it no longer holds.
    await db.transaction((tx) => complete(tx, 'dead', held as NonNullable<typeof held>));
    expect((await readRunState(db)).pending).toBe(1);
    expect((await readRunState(db)).progress.total).toBeGreaterThan(0);
  });
});
