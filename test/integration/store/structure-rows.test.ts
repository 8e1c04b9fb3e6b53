/**
 * The workspace cache reads the rows written since its horizon again and again under load, and
 * the store keeps their parsed documents by position (records-reader.ts `StructureRows`). What a
 * reader must still get, against real PostgreSQL: each row as it is now — a rewritten record as
 * rewritten, a deleted one as deleted — and the pushed records' own rows opened afresh.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { makeAccount, makeCredentials, makeTeam } from '../../../dev/stack/workspace-factory';
import type { Credentials, Team } from '../../../domain/records';
import { createCipher } from '../../../sync-server/store/credentials-cipher';
import { type Db, openPostgres } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';
import { RecordsRepo, type StoredRow } from '../../../sync-server/store/records-repo';

const SYSTEM = { type: 'system', name: 'structure-rows test' } as const;

let database: TestDatabase;
let db: Db;
const repo = new RecordsRepo(createCipher(randomBytes(32)));

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres(database.url, 2);
  await migrate(db);
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const teamIn = (rows: readonly StoredRow[], id: string) => rows.find((r) => r.collection === 'teams' && r.id === id);

describe('structure rows read again', () => {
  it('are each record as it is now: rewritten, deleted, or unchanged', async () => {
    await db.transaction((tx) => repo.put(tx, 'teams', makeTeam({ id: 'design', displayName: 'Design' }), SYSTEM));
    const first = await repo.structureRowsFrom(db, 0);
    expect((teamIn(first, 'design')?.doc as Team | undefined)?.displayName).toBe('Design');

    await db.transaction((tx) => repo.put(tx, 'teams', makeTeam({ id: 'design', displayName: 'Brand' }), SYSTEM));
    const rewritten = await repo.structureRowsFrom(db, 0);
    expect((teamIn(rewritten, 'design')?.doc as Team | undefined)?.displayName).toBe('Brand');
    // Read again at the same position: the same document.
    expect((await repo.structureRowsFrom(db, 0)).map((r) => r.doc)).toEqual(rewritten.map((r) => r.doc));

    await db.transaction((tx) => repo.remove(tx, 'teams', 'design', SYSTEM));
    const { rows } = await repo.structureFrom(db, 0);
    expect(teamIn(rows, 'design')?.deleted).toBe(true);
  });

  it('leave credentials out, and give the pushed records read with them opened and afresh', async () => {
    const account = makeAccount({ id: 'shop' });
    await db.transaction(async (tx) => {
      await repo.put(tx, 'accounts', account, SYSTEM);
      await repo.put(tx, 'credentials', makeCredentials('shop', { password: 'first secret' }), SYSTEM);
    });
    const read = () => db.transaction((tx) => repo.structureRowsAndRecords(tx, 0, [['credentials', 'shop']]));
    const before = await read();
    expect(before.structure.some((r) => r.collection === 'credentials')).toBe(false);
    expect((before.records.get('credentials/shop')?.doc as Credentials | undefined)?.password).toBe('first secret');

    await db.transaction((tx) =>
      repo.put(tx, 'credentials', makeCredentials('shop', { password: 'second secret' }), SYSTEM),
    );
    const after = await read();
    expect((after.records.get('credentials/shop')?.doc as Credentials | undefined)?.password).toBe('second secret');
    expect(after.records.get('credentials/shop')?.doc).not.toBe(before.records.get('credentials/shop')?.doc);
  });
});
