import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, makeCredentials } from '../../../dev/stack/workspace-factory';
import { openReplica, type Replica } from '../../../renderer/src/replica/open-replica';
import { conflictHandler, createRefusals } from '../../../renderer/src/replica/sync-handlers';

// The real replica: RxDB on Dexie over IndexedDB (fake-indexeddb in Node), with the keychain key.
const KEY = 'q6Vb0Yh3wq0u5l8m7rJk2cX1n4Zt9sPe3dGf6hJk8Lm';
const refusals = createRefusals();
let replica: Replica | null = null;

async function open(userKey: string, encryptionKey: string | null) {
  replica = await openReplica({
    userKey,
    encryptionKey,
    conflictHandler: (name) => conflictHandler(name, refusals),
    indexedDB: { indexedDB, IDBKeyRange },
  });
  return replica;
}

/** Every value stored in every IndexedDB database, as text: what an attacker reading the disk gets. */
async function everythingOnDisk(): Promise<string> {
  const texts: string[] = [];
  for (const info of await indexedDB.databases()) {
    const db = await done(indexedDB.open(info.name as string));
    for (const store of db.objectStoreNames) {
      const all = await done(db.transaction(store).objectStore(store).getAll());
      texts.push(JSON.stringify(all));
    }
    db.close();
  }
  return texts.join('\n');
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** What an attacker with write access to the disk can do: swap two stored credentials' passwords. */
async function swapStoredPasswords(a: string, b: string): Promise<number> {
  let swapped = 0;
  for (const info of await indexedDB.databases()) {
    const db = await done(indexedDB.open(info.name as string));
    for (const storeName of db.objectStoreNames) {
      const store = db.transaction(storeName, 'readwrite').objectStore(storeName);
      const keys = await done(store.getAllKeys());
      const values = await done(store.getAll());
      const docs = (values as Array<Record<string, unknown>>).map((value, i) => ({ value, key: keys[i] }));
      const first = docs.find((d) => d.value.accountId === a);
      const second = docs.find((d) => d.value.accountId === b);
      if (!first || !second) continue;
      [first.value.password, second.value.password] = [second.value.password, first.value.password];
      for (const d of [first, second]) {
        await done(store.keyPath === null ? store.put(d.value, d.key) : store.put(d.value));
      }
      swapped += 1;
    }
    db.close();
  }
  return swapped;
}

afterEach(async () => {
  await replica?.remove();
  replica = null;
});

describe('the replica at rest', () => {
  it('stores passwords and TOTP secrets encrypted, and gives them back decrypted', async () => {
    const r = await open('00uada', KEY);
    await r.collections.accounts.insert(makeAccount({ id: 'acct-1', name: 'Brand Instagram' }));
    await r.collections.credentials.insert(
      makeCredentials('acct-1', { password: 'correct-horse-battery', totpSecret: 'JBSWY3DPEHPK3PXP' }),
    );
    const disk = await everythingOnDisk();
    expect(disk).toContain('Brand Instagram');
    expect(disk).not.toContain('correct-horse-battery');
    expect(disk).not.toContain('JBSWY3DPEHPK3PXP');
    const back = await r.collections.credentials.findOne('acct-1').exec();
    expect(back?.password).toBe('correct-horse-battery');
    expect(back?.totpSecret).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a stored password moved from one account to another on disk instead of handing it out', async () => {
    const userKey = '00ucarol';
    let r = await open(userKey, KEY);
    await r.collections.credentials.bulkInsert([
      makeCredentials('acct-1', { password: 'first-secret' }),
      makeCredentials('acct-2', { password: 'second-secret' }),
    ]);
    await r.close();
    expect(await swapStoredPasswords('acct-1', 'acct-2')).toBe(1);
    r = await open(userKey, KEY);
    await expect(r.collections.credentials.findOne('acct-1').exec()).rejects.toThrow(/integrity/);
  });

  it('without a keychain key keeps credentials in memory only, never on disk', async () => {
    const r = await open('00ubob', null);
    await r.collections.credentials.insert(makeCredentials('acct-2', { password: 'kept-in-memory' }));
    expect(r.credentialsPersisted).toBe(false);
    expect(await everythingOnDisk()).not.toContain('kept-in-memory');
    expect((await r.collections.credentials.findOne('acct-2').exec())?.password).toBe('kept-in-memory');
  });
});
