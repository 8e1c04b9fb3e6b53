import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../../dev/stack/workspace-factory';
import type { Account } from '../../../../domain/records';
import { readFirstScreen } from '../../../../renderer/src/replica/first-screen';
import { databaseNames, openReplica, type Replica } from '../../../../renderer/src/replica/open-replica';
import { MIGRATIONS, SCHEMAS } from '../../../../renderer/src/replica/schemas';
import { conflictHandler, createRefusals } from '../../../../renderer/src/replica/sync-handlers';

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

/** The schema as version 0 had it: today's properties minus those added since. */
function versionZero(schema: RxJsonSchema<unknown>, added: string[]): RxJsonSchema<unknown> {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const field of added) delete properties[field];
  return { ...schema, version: 0, properties } as RxJsonSchema<unknown>;
}

// A replica written by the previous app version (schema version 0, before the fields added since)
// must open in this version with its documents kept and the new fields at their defaults.
describe('replica schema migration', () => {
  it('keeps accounts, users, teams and collections written before rotation, All-Access, group-role and collection extension fields existed', async () => {
    const names = databaseNames('migrating-user');
    const old = await createRxDatabase({ name: names.records, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
    await old.addCollections({
      accounts: {
        schema: versionZero(SCHEMAS.accounts as RxJsonSchema<unknown>, [
          'rotationRequiredAt',
          'rotationDepartedUserIds',
          'extendedByCollection',
        ]),
      },
      collections: {
        schema: versionZero(SCHEMAS.collections as RxJsonSchema<unknown>, ['extended', 'extendedAt']),
      },
      users: {
        schema: versionZero(SCHEMAS.users as RxJsonSchema<unknown>, ['allAccess', 'erasedAt', 'manualRole']),
      },
      teams: { schema: versionZero(SCHEMAS.teams as RxJsonSchema<unknown>, ['mappedRole']) },
    });
    const {
      rotationRequiredAt: _a,
      rotationDepartedUserIds: _b,
      extendedByCollection: _g,
      ...oldAccount
    } = makeAccount({ id: 'acc-old', name: 'Old brand account', extensionState: 'synced', collectionId: 'coll-old' });
    const { extended: _h, extendedAt: _i, ...oldCollection } = makeCollection({ id: 'coll-old', name: 'Brand' });
    await old.collections.collections?.insert(oldCollection);
    const {
      allAccess: _c,
      erasedAt: _d,
      manualRole: _e,
      ...oldUser
    } = makeUser({ id: 'user-old', givenName: 'Olga', role: 'admin' });
    const { mappedRole: _f, ...oldTeam } = makeTeam({ id: 'team-old', displayName: 'Support', oktaGroupId: '00g1' });
    await old.collections.teams?.insert(oldTeam);
    await old.collections.accounts?.insert(oldAccount);
    await old.collections.users?.insert(oldUser);
    await old.close();

    replica = await open('migrating-user', null);
    const account = await replica.collections.accounts.findOne('acc-old').exec();
    const user = await replica.collections.users.findOne('user-old').exec();
    expect(account?.toJSON()).toMatchObject({
      name: 'Old brand account',
      rotationRequiredAt: null,
      rotationDepartedUserIds: [],
      // Every extension so far was the account's own: it stays when the account leaves its collection.
      extensionState: 'synced',
      extendedByCollection: false,
    });
    const collection = await replica.collections.collections.findOne('coll-old').exec();
    expect(collection?.toJSON()).toMatchObject({ name: 'Brand', extended: false, extendedAt: null });
    // Every role so far was given by hand; no team gives one until an Owner maps it.
    expect(user?.toJSON()).toMatchObject({ givenName: 'Olga', allAccess: false, erasedAt: null, manualRole: 'admin' });
    const team = await replica.collections.teams.findOne('team-old').exec();
    expect(team?.toJSON()).toMatchObject({ displayName: 'Support', mappedRole: null });
  });

  it('drops the workspace-wide All-Access switch from settings kept on disk, keeping the rest', async () => {
    const names = databaseNames('migrating-settings');
    const old = await createRxDatabase({ name: names.records, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
    const settingsSchema = SCHEMAS.settings as RxJsonSchema<unknown>;
    await old.addCollections({
      settings: {
        schema: {
          ...settingsSchema,
          version: 0,
          properties: { ...(settingsSchema.properties as object), allAccessMode: { type: 'boolean' } },
        } as RxJsonSchema<unknown>,
      },
    });
    await old.collections.settings?.insert({ ...makeSettings({ name: 'Acme EU' }), allAccessMode: true });
    await old.close();

    replica = await open('migrating-settings', null);
    const settings = (await replica.collections.settings.findOne('workspace').exec())?.toJSON();
    expect(settings).toMatchObject({ name: 'Acme EU', extendedAccessEnabled: true });
    expect(settings).not.toHaveProperty('allAccessMode');
  });
});

/** A checkpoint as the sync server gives them. */
type Checkpoint = { seq: number };

// The list's indexes are kept below RxDB (list-indexes.ts): a replica written before them opens
// with everything it held, gains the indexes and answers the first screen at once.
describe('a replica from before the list indexes', () => {
  it('keeps accounts, shares, an edit not pushed yet and the replication checkpoints, and is indexed', async () => {
    const userKey = 'before-list-indexes';
    const names = databaseNames(userKey);
    // What the previous app version kept on disk: the same RxDB schemas, on Dexie without the indexes.
    const old = await createRxDatabase({
      name: names.records,
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      multiInstance: false,
    });
    await old.addCollections({
      accounts: { schema: SCHEMAS.accounts, migrationStrategies: MIGRATIONS.accounts },
      shares: { schema: SCHEMAS.shares },
    });
    const accounts: Account[] = ['Zebra', 'apple', 'Éclair', 'Brand'].map((name, i) =>
      makeAccount({ id: `acct-${i}`, name, rotationRequired: i === 3 }),
    );
    const shares = accounts.map((account) => makeShare({ account }, { user: 'user-ada' }, 'owner', `sh-${account.id}`));
    // It pulled everything up to seq 7, then the person edited one account offline.
    for (const [name, documents] of [
      ['accounts', accounts],
      ['shares', shares],
    ] as const) {
      const pulled = replicateRxCollection<unknown, Checkpoint>({
        replicationIdentifier: `latchkey-sync-${name}`,
        collection: old.collections[name] as RxCollection<unknown>,
        live: false,
        pull: {
          handler: async (checkpoint) =>
            checkpoint ? { documents: [], checkpoint } : { documents: documents as never[], checkpoint: { seq: 7 } },
        },
        push: { handler: async () => [] },
      });
      await pulled.awaitInitialReplication();
      await pulled.cancel();
    }
    await old.collections.accounts?.findOne('acct-1').incrementalPatch({ labels: ['edited offline'] });
    await old.close();

    // Opened twice: the first open adds the indexes, the second finds them.
    await (await open(userKey, null)).close();
    const r = await open(userKey, null);
    expect((await r.collections.accounts.find().exec()).map((doc) => doc.name).sort()).toEqual(
      ['Brand', 'Zebra', 'apple', 'Éclair'].sort(),
    );
    // The first screen, in list order, with its accounts' shares.
    const first = await readFirstScreen(r, 3);
    expect(first.accountTotal).toBe(4);
    expect(first.accounts.map((account) => account.name)).toEqual(['apple', 'Brand', 'Éclair']);
    expect(first.rotationRequired.map((account) => account.id)).toEqual(['acct-3']);
    expect([...first.index.shares.keys()].sort()).toEqual(['sh-acct-1', 'sh-acct-2', 'sh-acct-3']);

    // Replication goes on from its checkpoints, and pushes the offline edit and nothing else.
    const asked: (Checkpoint | undefined)[] = [];
    const pushed: unknown[] = [];
    const resumed = replicateRxCollection<Account, Checkpoint>({
      replicationIdentifier: 'latchkey-sync-accounts',
      collection: r.collections.accounts,
      live: false,
      pull: {
        handler: async (checkpoint) => {
          asked.push(checkpoint);
          return { documents: [], checkpoint: checkpoint ?? { seq: 0 } };
        },
      },
      push: {
        handler: async (rows) => {
          pushed.push(...rows.map((row) => row.newDocumentState));
          return [];
        },
      },
    });
    await resumed.awaitInSync();
    await resumed.cancel();
    expect(asked[0]).toEqual({ seq: 7 });
    expect(pushed).toEqual([expect.objectContaining({ id: 'acct-1', labels: ['edited offline'] })]);
    expect(pushed[0]).not.toHaveProperty('listOrder1');
  });
});
