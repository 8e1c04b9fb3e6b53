import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { normalizeMangoQuery, prepareQuery } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, makeShare } from '../../../../dev/stack/workspace-factory';
import type { Account } from '../../../../domain/records';
import { inListOrder, listOrderKey } from '../../../../renderer/src/replica/account-order';
import { databaseNames, openReplica, type Replica } from '../../../../renderer/src/replica/open-replica';
import { conflictHandler, createRefusals } from '../../../../renderer/src/replica/sync-handlers';

// The accounts' place in the list is kept on disk for its indexes and nowhere else: RxDB,
// replication and the screens see the records exactly as the server sent them.
const refusals = createRefusals();
let replica: Replica | null = null;

async function open(userKey: string): Promise<Replica> {
  replica = await openReplica({
    userKey,
    encryptionKey: null,
    conflictHandler: (name) => conflictHandler(name, refusals),
    indexedDB: { indexedDB, IDBKeyRange },
  });
  return replica;
}

afterEach(async () => {
  await replica?.remove();
  replica = null;
});

/** The IndexedDB database RxDB's Dexie storage keeps the user's accounts in. */
async function openStoredAccounts(userKey: string): Promise<IDBDatabase> {
  const prefix = `rxdb-dexie-${databaseNames(userKey).records}--`;
  const info = (await indexedDB.databases()).find(
    (db) => db.name?.startsWith(prefix) && db.name.endsWith('--accounts'),
  );
  if (!info?.name) throw new Error('no accounts database');
  return done(indexedDB.open(info.name));
}

/** The accounts as IndexedDB holds them, by id. */
async function storedAccounts(userKey: string): Promise<Map<string, Record<string, unknown>>> {
  const db = await openStoredAccounts(userKey);
  try {
    const rows = (await done(db.transaction('docs').objectStore('docs').getAll())) as Record<string, unknown>[];
    return new Map(rows.map((row) => [row.id as string, row]));
  } finally {
    db.close();
  }
}

/** Changes the stored accounts behind RxDB's back, as another app version's storage would have left them. */
async function rewriteStoredAccounts(
  userKey: string,
  change: (doc: Record<string, unknown>, i: number) => void,
): Promise<void> {
  const db = await openStoredAccounts(userKey);
  try {
    const store = db.transaction('docs', 'readwrite').objectStore('docs');
    const rows = (await done(store.getAll())) as Record<string, unknown>[];
    rows.forEach(change);
    await Promise.all(rows.map((row) => done(store.put(row))));
  } finally {
    db.close();
  }
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('the list indexes kept by the storage', () => {
  it('store each account’s key with it and follow a rename or a rotation', async () => {
    const r = await open('order-stored');
    await r.collections.accounts.bulkInsert([
      makeAccount({ id: 'a1', name: 'Éclair' }),
      makeAccount({ id: 'a2', name: 'apple' }),
    ]);
    await r.collections.accounts.findOne('a2').incrementalPatch({ name: 'Zebra', rotationRequired: true });
    const stored = await storedAccounts('order-stored');
    expect(stored.get('a1')).toMatchObject({ listOrder1: `0${listOrderKey('Éclair')}` });
    expect(stored.get('a2')).toMatchObject({ listOrder1: `1${listOrderKey('Zebra')}` });
  });

  it('never reaches RxDB: not in documents, queries, change events or storage reads', async () => {
    const r = await open('order-hidden');
    const events: object[] = [];
    const subscription = r.collections.accounts.$.subscribe((event) => events.push(event.documentData));
    await r.collections.accounts.insert(makeAccount({ id: 'a1', name: 'Brand' }));
    await r.collections.accounts.findOne('a1').incrementalPatch({ labels: ['eu'] });
    subscription.unsubscribe();
    const schema = r.collections.accounts.schema.jsonSchema;
    const rows = await r.collections.accounts.storageInstance.query(
      prepareQuery(schema, normalizeMangoQuery(schema, { selector: {} })),
    );
    const byId = await r.collections.accounts.storageInstance.findDocumentsById(['a1'], false);
    const seen = [
      ...(await r.collections.accounts.find().exec()).map((doc) => doc.toJSON(true)),
      ...events,
      ...rows.documents,
      ...byId,
    ];
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const doc of seen) expect(doc).not.toHaveProperty('listOrder1');
  });

  it('give the first accounts and those waiting for a new password in list order, deleted ones left out', async () => {
    const r = await open('order-index');
    const accounts: Account[] = ['b', 'A', 'a', 'é', 'Z', '(x)', '10', '9'].flatMap((stem, i) =>
      [0, 1, 2].map((n) =>
        makeAccount({ id: `acct-${((i * 3 + n) * 7) % 24}`, name: `${stem} ${n}`, rotationRequired: n === 1 }),
      ),
    );
    await r.collections.accounts.bulkInsert(accounts);
    await r.collections.accounts.findOne('acct-5').remove();
    await r.collections.accounts.findOne('acct-12').remove();
    const live = accounts.filter((account) => account.id !== 'acct-5' && account.id !== 'acct-12');
    const ids = (list: readonly Account[]) => list.map((account) => account.id);
    expect(ids(await r.listIndexes.firstAccounts(10))).toEqual(ids(inListOrder(live).slice(0, 10)));
    expect(ids(await r.listIndexes.firstAccounts(100))).toEqual(ids(inListOrder(live)));
    expect(ids(await r.listIndexes.rotationAccounts())).toEqual(
      ids(inListOrder(live.filter((a) => a.rotationRequired))),
    );
    expect(await r.listIndexes.firstAccounts(10)).toEqual(inListOrder(live).slice(0, 10));
  });

  it('give the shares on each item asked for, and no other', async () => {
    const r = await open('shares-by-item');
    await r.collections.shares.bulkInsert([
      makeShare({ account: 'acct-1' }, { user: 'user-a' }, 'owner', 'sh-1'),
      makeShare({ account: 'acct-1' }, { team: 'team-b' }, 'collaborator', 'sh-2'),
      makeShare({ account: 'acct-2' }, { user: 'user-a' }, 'owner', 'sh-3'),
      makeShare({ collection: 'coll-1' }, { user: 'user-a' }, 'owner', 'sh-4'),
      makeShare({ account: 'acct-10' }, { user: 'user-a' }, 'owner', 'sh-5'),
    ]);
    await r.collections.shares.findOne('sh-2').remove();
    const shares = await r.listIndexes.sharesOn(['acct-1', 'coll-1', 'acct-9']);
    expect(shares.map((share) => share.id).sort()).toEqual(['sh-1', 'sh-4']);
  });

  it('are written again for accounts stored with a key of another format, or none', async () => {
    const userKey = 'order-reformatted';
    let r = await open(userKey);
    const accounts = ['b', 'A', 'é', '10'].map((name, i) => makeAccount({ id: `acct-${i}`, name }));
    await r.collections.accounts.bulkInsert(accounts);
    await r.close();
    // As an earlier format would have left them: another key, or no key at all.
    await rewriteStoredAccounts(userKey, (doc, i) => {
      delete doc.listOrder1;
      if (i % 2 === 0) doc.listOrder0 = 'an older format';
    });
    r = await open(userKey);
    const stored = await storedAccounts(userKey);
    for (const account of accounts) {
      expect(stored.get(account.id)?.listOrder1).toBe(`0${listOrderKey(account.name)}`);
      expect(stored.get(account.id)).not.toHaveProperty('listOrder0');
    }
    expect(await r.listIndexes.firstAccounts(10)).toEqual(inListOrder(accounts));
  });

  it('are written again when an account written last by another app version has no key of this format', async () => {
    const userKey = 'order-written-elsewhere';
    let r = await open(userKey);
    const accounts = ['b', 'A', 'é', '10'].map((name, i) => makeAccount({ id: `acct-${i}`, name }));
    await r.collections.accounts.bulkInsert(accounts);
    // Another version renames one account afterwards, storing no key of this format for it.
    await r.collections.accounts.findOne('acct-2').incrementalPatch({ name: 'zz' });
    await r.close();
    await rewriteStoredAccounts(userKey, (doc) => {
      if (doc.id === 'acct-2') delete doc.listOrder1;
    });
    r = await open(userKey);
    expect((await storedAccounts(userKey)).get('acct-2')?.listOrder1).toBe(`0${listOrderKey('zz')}`);
    expect((await r.listIndexes.firstAccounts(10)).map((account) => account.name)).toEqual(['10', 'A', 'b', 'zz']);
  });
});
