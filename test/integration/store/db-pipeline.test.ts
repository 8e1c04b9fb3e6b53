/**
 * The PostgreSQL engine sends statements without waiting for the answers before them
 * (node-postgres's pipeline mode, sync-server/store/db.ts): a transaction's BEGIN rides with its
 * first statement and `queryBeforeCommit` with its COMMIT. What must still hold, against real
 * PostgreSQL: a statement sent that way commits with its transaction or not at all, and a failure
 * is reported as itself, not as the "transaction is aborted" refusals that follow it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { type Db, openPostgres } from '../../../sync-server/store/db';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres(database.url, 4);
  await db.query('create table notes (id text primary key, body text not null)');
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const stored = async (): Promise<string[]> =>
  (await db.query<{ id: string }>('select id from notes order by id')).map((r) => r.id);

describe('statements sent ahead on a PostgreSQL transaction', () => {
  it('commits a statement sent before the COMMIT together with the rest of its transaction', async () => {
    await db.transaction(async (tx) => {
      await tx.query('insert into notes (id, body) values ($1, $2)', ['a', 'first']);
      tx.queryBeforeCommit?.('insert into notes (id, body) values ($1, $2)', ['b', 'sent ahead']);
    });
    expect(await stored()).toEqual(['a', 'b']);
  });

  it('commits nothing and reports the statement’s own error when a statement sent before the COMMIT fails', async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into notes (id, body) values ($1, $2)', ['c', 'kept only if all succeed']);
      // A second row with id 'a': the primary key refuses it.
      tx.queryBeforeCommit?.('insert into notes (id, body) values ($1, $2)', ['a', 'duplicate']);
    });
    await expect(attempt).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await stored()).toEqual(['a', 'b']);
  });

  it('reports the first failure to a later statement of the same transaction, not the refusal it causes', async () => {
    const attempt = db.transaction(async (tx) => {
      tx.queryBeforeCommit?.('insert into notes (id, body) values ($1, $2)', ['a', 'duplicate']);
      await tx.query('insert into notes (id, body) values ($1, $2)', ['d', 'after the failure']);
    });
    await expect(attempt).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await stored()).toEqual(['a', 'b']);
  });
});
