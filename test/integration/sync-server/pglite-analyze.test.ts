/**
 * PGlite has no autovacuum: without store/pglite-analyze.ts the planner never gets statistics
 * and a pull page sorts every remaining row. Real PGlite in a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';
import { type AutoAnalyze, startAutoAnalyze } from '../../../sync-server/store/pglite-analyze';

let dir: string;
let db: Db;
let analyze: AutoAnalyze;
const logged: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-analyze-'));
  db = await openPglite(dir);
  await migrate(db);
  // An hour: this test drives the ticks itself.
  analyze = startAutoAnalyze(db, { intervalMs: 3_600_000, log: (message) => logged.push(message) });
});
afterAll(async () => {
  await analyze?.stop();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const addAccounts = (from: number, count: number) =>
  db.query(
    `insert into records (collection, id, seq, doc)
     select 'accounts', 'acct-' || g, nextval('record_seq'), jsonb_build_object('id', 'acct-' || g)
       from generate_series($1::int, $2::int) g`,
    [from, from + count - 1],
  );
const estimatedRows = async () =>
  (
    await db.query<{ rows: number }>("select reltuples::float8 as rows from pg_class where oid = 'records'::regclass")
  )[0]?.rows;
const pagePlan = async () =>
  (
    await db.query<{ 'QUERY PLAN': string }>(
      "explain select id, doc::text from records where collection = 'accounts' and seq > 0 order by seq limit 200",
    )
  )
    .map((r) => r['QUERY PLAN'])
    .join('\n');

describe('statistics on PGlite', () => {
  it('analyzes once enough has changed, as autovacuum would, so a pull page reads rows in seq order', async () => {
    await addAccounts(1, 5000);
    expect(await estimatedRows()).toBe(-1);
    expect(await pagePlan()).toMatch(/Sort/);

    expect(await analyze.tick()).toBe(true);
    expect(await estimatedRows()).toBe(5000);
    expect(await pagePlan()).not.toMatch(/Sort/);

    // Below 50 + 10% of 5,000 changes: nothing to do.
    await addAccounts(5001, 100);
    expect(await analyze.tick()).toBe(false);
    await addAccounts(5101, 500);
    expect(await analyze.tick()).toBe(true);
    expect(await estimatedRows()).toBe(5600);
    expect(logged).toEqual([]);
  });
});
