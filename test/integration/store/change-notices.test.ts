/**
 * On PostgreSQL a write's change notices are sent right behind its COMMIT, in a transaction of
 * their own (records-repo.ts `commitToken`), so that writes do not take PostgreSQL's
 * database-wide NOTIFY lock. What listeners (the live streams of every process) must still get,
 * against real PostgreSQL: each committed write's notices, once, naming the transaction and its
 * highest position; nothing for a transaction that did not commit, not even when the connection
 * it ran on last carried a committed one.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { makeAccount, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { CHANGES_CHANNEL, ChangeNotice } from '../../../sync-server/store/change-notice';
import { createCipher } from '../../../sync-server/store/credentials-cipher';
import { type Db, openPostgres, type Queryable } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';
import { RecordsRepo } from '../../../sync-server/store/records-repo';

const SYSTEM = { type: 'system', name: 'change-notices test' } as const;
/** The session setting a writing transaction leaves its stamp in (records-repo.ts). */
const STAMP_SETTING = 'latchkey.committed_write';

let database: TestDatabase;
/** One connection: every transaction runs on the session the one before it used. */
let db: Db;
const repo = new RecordsRepo(createCipher(randomBytes(32)));
const heard: ChangeNotice[] = [];
const waiting: { count: number; resolve: () => void }[] = [];
let unlisten: () => Promise<void> = async () => {};

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres(database.url, 1);
  await migrate(db);
  unlisten = await db.listen(CHANGES_CHANNEL, (payload) => {
    heard.push(ChangeNotice.parse(JSON.parse(payload)));
    for (const w of waiting.filter((w) => heard.length >= w.count)) w.resolve();
  });
});

afterAll(async () => {
  await unlisten();
  await db?.close();
  await database?.drop();
});

/** Resolves once `count` notices have been heard in all. */
function heardCount(count: number): Promise<void> {
  if (heard.length >= count) return Promise.resolve();
  return new Promise((resolve) => waiting.push({ count, resolve }));
}

const stored = async (id: string) =>
  (
    await db.query<{ tx: number; seq: number }>(`select tx, seq from records where collection = 'users' and id = $1`, [
      id,
    ])
  )[0];

describe('change notices on PostgreSQL', () => {
  it('announces a committed transaction’s writes once, with its transaction id and highest position', async () => {
    await db.transaction(async (tx) => {
      await repo.put(tx, 'users', makeUser({ id: 'ann' }), SYSTEM);
      await repo.sendMany(tx, 'users', [{ doc: makeUser({ id: 'bob' }) }], SYSTEM);
    });
    await heardCount(2);
    const [ann, bob] = [await stored('ann'), await stored('bob')];
    expect(heard.map((n) => n.refs)).toEqual([[['users', 'ann']], [['users', 'bob']]]);
    expect(heard.map((n) => n.tx)).toEqual([ann?.tx, ann?.tx]);
    expect(bob?.tx).toBe(ann?.tx);
    expect(heard.map((n) => n.seq)).toEqual([bob?.seq, bob?.seq]);
  });

  it('names the highest position its transaction drew, re-positionings after its last write included', async () => {
    heard.length = 0;
    await db.transaction(async (tx) => {
      await repo.put(tx, 'users', makeUser({ id: 'hal' }), SYSTEM);
      await repo.put(tx, 'accounts', makeAccount({ id: 'acc-hal' }), SYSTEM);
    });
    await heardCount(2);
    heard.length = 0;
    // Sharing the account re-positions it (and its shares) after the share's own write.
    await db.transaction((tx) => repo.put(tx, 'shares', makeShare({ account: 'acc-hal' }, { user: 'hal' }), SYSTEM));
    await heardCount(1);
    const [highest] = await db.query<{ tx: number; seq: number }>(
      'select tx, max(seq) as seq from records where tx = $1 group by tx',
      [heard[0]?.tx ?? -1],
    );
    const [account] = await db.query<{ tx: number; seq: number }>(
      "select tx, seq from records where collection = 'accounts' and id = 'acc-hal'",
    );
    expect(account?.tx).toBe(heard[0]?.tx);
    expect(heard[0]?.seq).toBe(highest?.seq);
  });

  it('sends no statement of its own for the commit stamp: the writes carry it', async () => {
    heard.length = 0;
    const statements: string[] = [];
    await db.transaction(async (tx) => {
      // The transaction as the write path sees it, recording every statement it sends before the COMMIT.
      const counted: Queryable = {
        query: (sql, params) => {
          statements.push(sql);
          return tx.query(sql, params);
        },
        queryBeforeCommit: (sql, params) => {
          statements.push(sql);
          tx.queryBeforeCommit?.(sql, params);
        },
        afterCommit: (statement) => tx.afterCommit?.(statement),
      };
      for (const id of ['eve', 'fay', 'gus']) await repo.put(counted, 'users', makeUser({ id }), SYSTEM);
      await repo.sendMany(counted, 'users', [{ doc: makeUser({ id: 'ivy' }) }], SYSTEM);
    });
    await heardCount(4);
    const stamping = statements.filter((sql) => sql.includes(STAMP_SETTING));
    expect(stamping).toHaveLength(4);
    for (const sql of stamping) expect(sql).toMatch(/insert into records/);
    expect(heard.map((n) => n.seq)).toEqual(Array(4).fill((await stored('ivy'))?.seq));
  });

  it('announces nothing for a transaction whose COMMIT fails, though its session carried a committed one before', async () => {
    heard.length = 0;
    const failing = db.transaction(async (tx) => {
      await repo.put(tx, 'users', makeUser({ id: 'never' }), SYSTEM);
      // Fails at the COMMIT: the write above is undone with it.
      tx.queryBeforeCommit?.('select 1 / 0');
    });
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await stored('never')).toBeUndefined();
    // The next committed write's notice is the next one heard: nothing came in between.
    await db.transaction((tx) => repo.put(tx, 'users', makeUser({ id: 'cat' }), SYSTEM));
    await heardCount(1);
    expect(heard.map((n) => n.refs)).toEqual([[['users', 'cat']]]);
    expect(heard[0]?.tx).toBe((await stored('cat'))?.tx);
  });

  it('announces nothing for a transaction that rolls back', async () => {
    heard.length = 0;
    const failing = db.transaction(async (tx) => {
      await repo.put(tx, 'users', makeUser({ id: 'gone' }), SYSTEM);
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    await db.transaction((tx) => repo.put(tx, 'users', makeUser({ id: 'dan' }), SYSTEM));
    await heardCount(1);
    expect(heard.map((n) => n.refs)).toEqual([[['users', 'dan']]]);
  });
});
