/**
 * RxDB's Dexie storage with queries read in one IndexedDB request (`IDBIndex.getAll`) instead of
 * a cursor stepped document by document.
 *
 * Why: Dexie storage answers every query by walking an index cursor, and each `continue()` is a
 * round trip from the page to the browser's IndexedDB backend. Opening a replica of 20,000
 * accounts (and as many shares) reads every document before the first list paint: the cursor made
 * that tens of thousands of round trips, most of the cold start (bench/desktop.ts). `getAll` over
 * the same index and key range returns the same documents in the same order in one request.
 *
 * Only what the cursor would have read changes hands differently: a query whose cursor may stop
 * early — a limit on an index-ordered query that still needs filtering — keeps RxDB's own cursor
 * (`dexieQuery`), so no query ever reads more than it did before.
 */
import {
  type DexieSettings,
  type DexieStorageInternals,
  getProperty,
  getQueryMatcher,
  getSortComparator,
  type PreparedQuery,
  type RxDocumentData,
  type RxStorage,
  setProperty,
} from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  getKeyRangeByQueryPlan,
  type RxStorageInstanceDexie,
} from 'rxdb/plugins/storage-dexie';

type DexieStorage = RxStorage<DexieStorageInternals, DexieSettings>;

export function bulkReadStorage(storage: DexieStorage): DexieStorage {
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = (await storage.createStorageInstance(params)) as unknown as RxStorageInstanceDexie<unknown>;
      const cursorQuery = instance.query.bind(instance);
      // The instance is ours alone (just created): its query method is replaced, nothing else is.
      instance.query = (prepared) =>
        readsWholeRange(prepared) ? bulkQuery(instance, prepared) : cursorQuery(prepared);
      return instance as unknown as Awaited<ReturnType<DexieStorage['createStorageInstance']>>;
    },
  } as DexieStorage;
}

/**
 * False only when a limit lets the cursor stop early yet some documents it reads may be filtered
 * out, so how many to read is unknown beforehand.
 */
function readsWholeRange(prepared: PreparedQuery<unknown>): boolean {
  const { query, queryPlan } = prepared;
  // No limit, or a sort the index does not give: the cursor reads the whole range as well.
  if (typeof query.limit !== 'number' || !queryPlan.sortSatisfiedByIndex) return true;
  // Index order with nothing left to filter: getAll(range, skip + limit) reads exactly as many.
  return queryPlan.selectorSatisfiedByIndex;
}

async function bulkQuery<T>(
  instance: RxStorageInstanceDexie<T>,
  prepared: PreparedQuery<T>,
): ReturnType<RxStorageInstanceDexie<T>['query']> {
  const state = await instance.internals;
  const { query, queryPlan } = prepared;
  const skip = query.skip ?? 0;
  const limit = typeof query.limit === 'number' ? query.limit : Number.POSITIVE_INFINITY;
  const matcher = queryPlan.selectorSatisfiedByIndex ? null : getQueryMatcher(instance.schema, query);
  let keyRange: IDBKeyRange;
  try {
    keyRange = getKeyRangeByQueryPlan(
      state.booleanIndexes,
      queryPlan,
      (state.dexieDb as unknown as { _options: { IDBKeyRange?: typeof IDBKeyRange } })._options.IDBKeyRange,
    );
  } catch (error) {
    // As dexieQuery: a range IndexedDB cannot express matches nothing.
    if (error instanceof Error && error.name === 'DataError') return { documents: [] };
    throw error;
  }
  const indexName = `[${queryPlan.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  // Only in index order with nothing to filter are the first skip + limit the answer's rows.
  const count = Number.isFinite(limit) && queryPlan.sortSatisfiedByIndex && !matcher ? skip + limit : undefined;
  const stored = await state.dexieDb.transaction('r', state.dexieTable, async (tx) => {
    const request = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName).getAll(keyRange, count);
    return new Promise<unknown[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  });
  let rows = stored.map((doc) => fromStored<T>(state.booleanIndexes, doc));
  if (matcher) rows = rows.filter((doc) => matcher(doc));
  if (!queryPlan.sortSatisfiedByIndex) rows.sort(getSortComparator(instance.schema, query));
  return { documents: rows.slice(skip, skip + limit) };
}

/**
 * Dexie storage's `fromDexieToStorage`, without its cost for documents it would not change: it
 * copies each document twice and splits every key of every nested object to undo Dexie's
 * renaming of keys that start with "|" — a third of a 20,000-account read. Only a key holding
 * "__" can be renamed back; a document with none is used as read (each IndexedDB read is its own
 * copy), with its boolean index fields turned back into booleans as Dexie storage does.
 */
export function fromStored<T>(booleanIndexes: readonly string[], doc: unknown): RxDocumentData<T> {
  if (hasRenamedKey(doc)) return fromDexieToStorage<T>(booleanIndexes as string[], doc);
  const row = doc as RxDocumentData<T>;
  for (const field of booleanIndexes) setProperty(row, field, getProperty(row, field) === '1');
  return row;
}

function hasRenamedKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasRenamedKey);
  for (const key in value) {
    if (key.includes('__') || hasRenamedKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
