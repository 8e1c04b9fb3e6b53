/**
 * What this app leaves in the browser profile, removed when main ends the session (`session:wipe`):
 * every IndexedDB database of our origin — the replica's records and its credentials, of whoever
 * signed in here before — and our localStorage entries (pending-change ids, the workspace user id).
 * The origin serves nothing but Latchkey, so "every database" is exactly the app's.
 *
 * `indexedDB.deleteDatabase` waits for open connections to close (Dexie closes its own on the
 * `versionchange` the deletion raises), so a replica still closing cannot keep its files.
 */
export interface BrowserStores {
  indexedDB: IDBFactory;
  localStorage: Storage;
}

export const LOCAL_STORAGE_PREFIX = 'latchkey.';

export async function removeBrowserData(stores: BrowserStores): Promise<void> {
  const databases = await stores.indexedDB.databases();
  await Promise.all(
    databases.flatMap((database) => (database.name ? [deleteDatabase(stores.indexedDB, database.name)] : [])),
  );
  const keys: string[] = [];
  for (let i = 0; i < stores.localStorage.length; i += 1) {
    const key = stores.localStorage.key(i);
    if (key?.startsWith(LOCAL_STORAGE_PREFIX)) keys.push(key);
  }
  for (const key of keys) stores.localStorage.removeItem(key);
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete the local database ${name}`));
  });
}
