/**
 * Indexes the Accounts list's first screen is read from (first-screen.ts), kept by the storage
 * underneath RxDB, which neither knows nor needs them:
 * - accounts by `listOrder<format>`: "1" for an account waiting for a new password, "0" for any
 *   other, then its place in the Accounts list (account-order.ts). Derived from the record, it exists on
 *   disk only: added to every account written and taken off every account read, so RxDB's
 *   documents, replication (pushes, conflict checks) and the screens never see it. The first
 *   accounts in list order are the first of both halves, merged; those waiting for a password
 *   are the "1" half. One index rather than two: each index costs every write, and building one
 *   over an existing replica reads every account once more;
 * - shares by `itemId`, which every share holds.
 *
 * Why not in the RxDB schemas: a new index there is a new schema version, and RxDB moves a
 * collection to a new version by copying every document and its replication state in small
 * steps — 49 s for a replica of 20,000 accounts and as many shares, measured in Chromium. Here
 * the database simply gains the indexes when it opens (Dexie adds the indexes an existing
 * database lacks: IndexedDB builds them from the stored records), and accounts stored before
 * their keys existed get them once, in one transaction (`addMissingKeys`).
 *
 * Every write reaches the storage through this layer — local edits, pulled pages, conflict
 * resolutions — so no stored account can miss its keys or keep stale ones.
 */
import {
  type DexieSettings,
  type DexieStorageInternals,
  type RxDocumentData,
  type RxDocumentWriteData,
  type RxJsonSchema,
  type RxStorage,
  wrapRxStorageInstance,
} from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, fromDexieToStorage, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import type { Account, Share } from '../../../domain/records';
import { inListOrder, LIST_ORDER_FORMAT, LIST_ORDER_MAX_LENGTH, listOrderKey } from './account-order';

type DexieStorage = RxStorage<DexieStorageInternals, DexieSettings>;
type DexieInstance = RxStorageInstanceDexie<unknown>;

/** What the storage adds to a collection's schema below RxDB. */
interface Extra {
  /** Fields derived from the record, on disk only. */
  derived: Record<string, (doc: Record<string, unknown>) => string>;
  /** Each an index of fields, live and deleted documents apart, ending with the primary key. */
  indexes: string[][];
}

/** Named for the key's format: keys of another format are another field, so none is read as this one. */
const LIST_ORDER = `listOrder${LIST_ORDER_FORMAT}`;
const OTHER_FORMAT = /^listOrder\d+$/;
/** Dexie's name of an index of these fields. */
const indexName = (fields: readonly string[]) => `[${fields.join('+')}]`;
const BY_LIST_ORDER = indexName(['_deleted', LIST_ORDER, 'id']);
const BY_ITEM = indexName(['_deleted', 'itemId', 'id']);
/** Dexie storage's own index of write times (RxDB's `_meta.lwt`). */
const BY_WRITE_TIME = '_meta.lwt';

const EXTRAS: Record<string, Extra> = {
  accounts: {
    derived: {
      // A tombstone of an account never seen here has no name; it is indexed all the same.
      [LIST_ORDER]: (doc) =>
        (doc.rotationRequired === true ? '1' : '0') + listOrderKey(typeof doc.name === 'string' ? doc.name : ''),
    },
    indexes: [['_deleted', LIST_ORDER, 'id']],
  },
  shares: { derived: {}, indexes: [['_deleted', 'itemId', 'id']] },
};

/** Reads through the indexes above: live records only, as RxDB's `toJSON()` gives them. */
export interface ListIndexes {
  /** The first `limit` accounts in list order. */
  firstAccounts(limit: number): Promise<Account[]>;
  /** Every account waiting for a new password, in list order. */
  rotationAccounts(): Promise<Account[]>;
  /** The shares on these items (accounts or collections). */
  sharesOn(itemIds: readonly string[]): Promise<Share[]>;
}

/** Wraps the records database's storage; `indexes` reads what its collections hold. */
export function listIndexedStorage(storage: DexieStorage): { storage: DexieStorage; indexes: ListIndexes } {
  const opened = new Map<string, DexieInstance>();
  const instance = (collection: string) => {
    const found = opened.get(collection);
    if (!found) throw new Error(`the ${collection} collection is not open`);
    return found;
  };
  const wrapped = {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const extra = EXTRAS[params.collectionName];
      if (extra === undefined) return storage.createStorageInstance(params);
      const stored = withExtra(params.schema as RxJsonSchema<RxDocumentData<unknown>>, extra);
      const inner = (await storage.createStorageInstance({
        ...params,
        schema: stored as never,
      })) as unknown as DexieInstance;
      await addMissingKeys(inner, extra);
      opened.set(params.collectionName, inner);
      const derived = Object.entries(extra.derived);
      if (derived.length === 0) return inner as never;
      return wrapRxStorageInstance(
        params.schema,
        inner as never,
        (doc: RxDocumentWriteData<unknown>) => withKeys(doc as Record<string, unknown>, derived),
        (doc: RxDocumentData<unknown>) => withoutKeys(doc as Record<string, unknown>, derived),
      );
    },
  } as DexieStorage;
  return {
    storage: wrapped,
    indexes: {
      async firstAccounts(limit) {
        const [others, waiting] = await readIndex<Account>(
          instance('accounts'),
          BY_LIST_ORDER,
          [LIVE_OTHERS, LIVE_WAITING],
          limit,
        );
        return inListOrder([...(others ?? []), ...(waiting ?? [])]).slice(0, limit);
      },
      rotationAccounts: async () =>
        (await readIndex<Account>(instance('accounts'), BY_LIST_ORDER, [LIVE_WAITING])).flat(),
      sharesOn: async (itemIds) =>
        (
          await readIndex<Share>(
            instance('shares'),
            BY_ITEM,
            itemIds.map((itemId) => (keys) => keys.bound(['0', itemId], ['0', itemId, []])),
          )
        ).flat(),
    },
  };
}

/** Live accounts in the index that wait for no new password, and those that do; both in list order. */
const LIVE_OTHERS = (keys: typeof IDBKeyRange) => keys.bound(['0', '0'], ['0', '1'], false, true);
const LIVE_WAITING = (keys: typeof IDBKeyRange) => keys.bound(['0', '1'], ['0', '2'], false, true);

/** The schema the storage keeps: RxDB's, with the derived fields and the extra indexes. */
function withExtra<T>(schema: RxJsonSchema<RxDocumentData<T>>, extra: Extra): RxJsonSchema<RxDocumentData<T>> {
  const derived = Object.fromEntries(
    Object.keys(extra.derived).map((field) => [field, { type: 'string', maxLength: LIST_ORDER_MAX_LENGTH + 1 }]),
  );
  const indexed = extra.indexes.flat().filter((field) => field !== '_deleted' && field !== 'id');
  return {
    ...schema,
    properties: { ...schema.properties, ...derived },
    // Dexie storage refuses an index on a field a document may lack: every stored one holds these.
    required: [...new Set([...(schema.required ?? []), ...indexed])],
    indexes: [...(schema.indexes ?? []), ...extra.indexes],
  } as RxJsonSchema<RxDocumentData<T>>;
}

function withKeys<T>(doc: Record<string, unknown>, derived: [string, (doc: Record<string, unknown>) => string][]): T {
  const out = { ...doc };
  for (const [field, derive] of derived) out[field] = derive(doc);
  return out as T;
}

function withoutKeys<T>(doc: Record<string, unknown>, derived: [string, unknown][]): T {
  if (!derived.some(([field]) => field in doc)) return doc as T;
  const out = { ...doc };
  for (const [field] of derived) delete out[field];
  return out as T;
}

/**
 * Accounts stored without a key of the current format (a replica from an earlier app version,
 * or from before `LIST_ORDER_FORMAT` changed) get one now, before RxDB reads anything: one
 * transaction, and nothing else about them changes — not their revision, not their replication
 * state — since the key is not part of the record.
 *
 * Whether any lacks one is read from the account written last alone, not by counting (counting
 * 20,000 index entries took a tenth of this open): every write through this layer stores a key,
 * and every open here completes the keys before RxDB writes, so an account without one can only
 * come from another app version writing after this one last ran — and then it is the newest.
 */
async function addMissingKeys(instance: DexieInstance, extra: Extra): Promise<void> {
  const derived = Object.entries(extra.derived);
  if (derived.length === 0) return;
  const state = await instance.internals;
  const newest = await state.dexieDb.transaction('r', state.dexieTable, async (tx) => {
    const byWriteTime = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(BY_WRITE_TIME);
    return (await done(byWriteTime.openCursor(null, 'prev')))?.value as Record<string, unknown> | undefined;
  });
  if (newest === undefined || typeof newest[LIST_ORDER] === 'string') return;
  await state.dexieDb.transaction('rw', state.dexieTable, async (tx) => {
    const store = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME);
    const docs = (await done(store.getAll())) as Record<string, unknown>[];
    for (const doc of docs) {
      if (typeof doc[LIST_ORDER] === 'string') continue;
      // A key of an earlier format goes: its index is no longer read, nor kept up to date.
      for (const field of Object.keys(doc)) if (OTHER_FORMAT.test(field)) delete doc[field];
      store.put(withKeys(doc, derived));
    }
  });
}

/** Live records in each key range of the index (`limit` in each), all read in one transaction. */
async function readIndex<T>(
  instance: DexieInstance,
  index: string,
  ranges: readonly ((keys: typeof IDBKeyRange) => IDBKeyRange)[],
  limit?: number,
): Promise<T[][]> {
  const state = await instance.internals;
  // The IndexedDB Dexie was given: the browser's, or fake-indexeddb's in tests.
  const keys =
    (state.dexieDb as unknown as { _options: { IDBKeyRange?: typeof IDBKeyRange } })._options.IDBKeyRange ??
    IDBKeyRange;
  const found = await state.dexieDb.transaction('r', state.dexieTable, async (tx) => {
    const stored = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(index);
    return Promise.all(ranges.map((range) => done(stored.getAll(range(keys), limit))));
  });
  return found.map((rows) =>
    liveRecords<T>((rows as unknown[]).map((row) => fromDexieToStorage(state.booleanIndexes, row) as object)),
  );
}

/**
 * Stored rows as records, as RxDB's `toJSON()` gives them (no bookkeeping, no derived keys),
 * leaving out tombstones pulled for items never seen, which hold only `id` (as use-workspace.ts).
 */
export function liveRecords<T>(rows: readonly object[]): T[] {
  return rows.map(asRecord).filter((record) => typeof record.updatedAt === 'string') as T[];
}

function asRecord(row: object): Record<string, unknown> {
  const { _meta, _rev, _attachments, _deleted, [LIST_ORDER]: _list, ...record } = row as Record<string, unknown>;
  return record;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
