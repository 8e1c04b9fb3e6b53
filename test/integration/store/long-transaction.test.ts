/**
 * A write finds the records it reads by key however long its transaction has been writing.
 * PostgreSQL may keep one plan for a prepared statement, made while the table was small; a plan
 * that scanned `records` then scans it for every later write of the transaction, so writing many
 * records in one transaction (seeding a workspace, an import) took time growing with their square:
 * 4,000 accounts with their secrets and shares took a minute, 20,000 did not finish in ten.
 * PostgreSQL only: PGlite prepares nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerStack, startStack } from '../../../dev/stack/stack';
import { makeAccount, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { Queryable } from '../../../sync-server/store/db';

const SEED = { type: 'system', name: 'test-seed' } as const;

let stack: ServerStack;

beforeAll(async () => {
  stack = await startStack({
    store: 'postgres',
    name: 'long_tx',
    server: { issuer: 'http://127.0.0.1:9/oauth2/default', audience: 'api://latchkey' },
  });
});

afterAll(async () => {
  await stack?.close();
});

/** Scans of `records` this transaction has started so far. */
async function scansOfRecords(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: string }>(
    "select seq_scan as n from pg_stat_xact_user_tables where relname = 'records'",
  );
  return Number(row?.n ?? 0);
}

describe('a long transaction on PostgreSQL', () => {
  it('writes its thousandth record by key, without scanning the records before it', async () => {
    const { db, repo } = stack.server;
    const owner = makeUser({ id: 'user-owner', role: 'owner' });
    await db.transaction(async (tx) => {
      await repo.put(tx, 'users', owner, SEED);
      // The statements' plans are made (and kept) while the table holds only these few rows.
      for (let i = 0; i < 1_500; i += 1) {
        const account = makeAccount({ id: `acc-${i}`, name: `Account ${i}` });
        await repo.put(tx, 'accounts', account, SEED);
        if (i % 10 === 0)
          await repo.put(tx, 'shares', makeShare({ account: account.id }, { user: owner }, 'owner'), SEED);
      }
      const before = await scansOfRecords(tx);
      for (let i = 0; i < 10; i += 1) {
        const account = makeAccount({ id: `late-${i}`, name: `Late ${i}` });
        await repo.put(tx, 'accounts', account, SEED);
        await repo.put(tx, 'shares', makeShare({ account: account.id }, { user: owner }, 'owner'), SEED);
        await repo.remove(tx, 'accounts', `acc-${i}`, SEED);
      }
      expect(await scansOfRecords(tx)).toBe(before);
    });
  });
});
