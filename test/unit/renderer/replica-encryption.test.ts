import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openReplica, type Replica } from '../../../renderer/src/replica/open-replica';
import { conflictHandler, createRefusals } from '../../../renderer/src/replica/sync-handlers';
import { makeAccount, makeCredentials } from '../../support/workspace-factory';

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
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(info.name as string);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const store of db.objectStoreNames) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      texts.push(JSON.stringify(all));
    }
    db.close();
  }
  return texts.join('\n');
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

  it('without a keychain key keeps credentials in memory only, never on disk', async () => {
    const r = await open('00ubob', null);
    await r.collections.credentials.insert(makeCredentials('acct-2', { password: 'kept-in-memory' }));
    expect(r.credentialsPersisted).toBe(false);
    expect(await everythingOnDisk()).not.toContain('kept-in-memory');
    expect((await r.collections.credentials.findOne('acct-2').exec())?.password).toBe('kept-in-memory');
  });
});
