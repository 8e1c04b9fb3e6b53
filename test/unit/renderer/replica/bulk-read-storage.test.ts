import { IDBIndex, IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRxDatabase, type MangoQuery, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bulkReadStorage } from '../../../../renderer/src/replica/bulk-read-storage';

// The replica reads each query in one getAll instead of a cursor: every answer must be the one
// RxDB's own Dexie storage gives for the same documents, in the same order.
interface Item {
  id: string;
  name: string;
  rank: number;
  label: string;
}
const schema: RxJsonSchema<Item> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 64 },
    rank: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 1 },
    label: { type: 'string' },
  },
  required: ['id', 'name', 'rank', 'label'],
  indexes: ['name', 'rank'],
};

const storages = {
  cursor: getRxStorageDexie({ indexedDB, IDBKeyRange }),
  bulk: bulkReadStorage(getRxStorageDexie({ indexedDB, IDBKeyRange })),
};
const databases: RxDatabase[] = [];
const collections = {} as Record<keyof typeof storages, RxCollection<Item>>;

beforeAll(async () => {
  // Names out of order, some alike, some deleted: what ordering and filtering must get right.
  const items: Item[] = Array.from({ length: 300 }, (_, i) => ({
    id: `item-${String((i * 7919) % 300).padStart(3, '0')}`,
    name: `${['b', 'A', 'a', 'é', 'Z'][i % 5]}-${(i * 31) % 97}`,
    rank: (i * 13) % 50,
    label: i % 3 === 0 ? 'ops' : 'social',
  }));
  for (const [kind, storage] of Object.entries(storages) as [keyof typeof storages, typeof storages.cursor][]) {
    const db = await createRxDatabase({ name: `bulk-read-${kind}`, storage, multiInstance: false });
    databases.push(db);
    const added = await db.addCollections({ items: { schema } });
    const collection = added.items as unknown as RxCollection<Item>;
    await collection.bulkInsert(items);
    await collection.find({ selector: { rank: { $lt: 5 } } }).remove();
    collections[kind] = collection;
  }
});

afterAll(async () => {
  for (const db of databases) await db.remove();
});

const QUERIES: Record<string, MangoQuery<Item>> = {
  'every document': {},
  'sorted by an indexed field': { sort: [{ name: 'asc' }] },
  'sorted by an indexed field, descending, with skip and limit': { sort: [{ name: 'desc' }], skip: 7, limit: 20 },
  'a range of an index with a limit': { selector: { rank: { $gte: 10, $lt: 30 } }, sort: [{ rank: 'asc' }], limit: 15 },
  'a field no index holds': { selector: { label: 'ops' } },
  'a field no index holds, with a limit': { selector: { label: 'ops' }, sort: [{ name: 'asc' }], limit: 10 },
  'sorted by two fields with a limit': { sort: [{ rank: 'desc' }, { name: 'asc' }], limit: 25 },
  'an empty range': { selector: { rank: { $gt: 900 } } },
  'one by id': { selector: { id: 'item-042' } },
};

describe('bulk reads from the replica', () => {
  for (const [what, query] of Object.entries(QUERIES)) {
    it(`answers ${what} exactly as the cursor does`, async () => {
      const cursor = (await collections.cursor.find(query).exec()).map((doc) => doc.toJSON());
      const bulk = (await collections.bulk.find(query).exec()).map((doc) => doc.toJSON());
      expect(bulk).toEqual(cursor);
    });
  }

  it('reads a whole collection in one request, not a cursor step per document', async () => {
    const cursors = vi.spyOn(IDBIndex.prototype, 'openCursor');
    const getAlls = vi.spyOn(IDBIndex.prototype, 'getAll');
    try {
      // A query not asked before: RxDB's query cache would answer one it has seen.
      expect(await collections.bulk.find({ sort: [{ rank: 'asc' }] }).exec()).toHaveLength(300 - 30);
      expect(getAlls).toHaveBeenCalledTimes(1);
      expect(cursors).not.toHaveBeenCalled();
    } finally {
      cursors.mockRestore();
      getAlls.mockRestore();
    }
  });

  it('never shows a deleted document, and sees a new one at once', async () => {
    const ids = async () => (await collections.bulk.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.id);
    const before = await ids();
    expect(before).toHaveLength(300 - 30);
    expect(before).not.toContain('item-000');
    await collections.bulk.insert({ id: 'item-new', name: 'new', rank: 99, label: 'ops' });
    expect(await ids()).toEqual([...before, 'item-new']);
  });

  it('gives back nested keys Dexie renames ("|…", and "__…", which it reads back as "|…") as the cursor does', async () => {
    const withExtra: RxJsonSchema<Item & { extra: object }> = {
      ...schema,
      properties: { ...schema.properties, extra: { type: 'object' } },
    } as RxJsonSchema<Item & { extra: object }>;
    const read: Record<string, unknown>[][] = [];
    for (const [kind, storage] of Object.entries(storages)) {
      const db = await createRxDatabase({ name: `bulk-read-keys-${kind}`, storage, multiInstance: false });
      databases.push(db);
      const added = await db.addCollections({ keyed: { schema: withExtra } });
      const keyed = added.keyed as unknown as RxCollection<Item & { extra: object }>;
      await keyed.bulkInsert([
        { id: 'plain', name: 'p', rank: 1, label: 'x', extra: { a: { b: [1, { c: true }] } } },
        { id: 'piped', name: 'q', rank: 2, label: 'x', extra: { '|pipe': 1, nested: { __under: 2 } } },
      ]);
      read.push((await keyed.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON()));
    }
    expect(read[1]).toEqual(read[0]);
    expect(read[0]?.find((doc) => doc.id === 'piped')).toMatchObject({ extra: { '|pipe': 1 } });
  });
});
