import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, makeCollection, makeSettings, makeTeam, makeUser } from '../../../dev/stack/workspace-factory';
import { databaseNames, openReplica, type Replica } from '../../../renderer/src/replica/open-replica';
import { SCHEMAS } from '../../../renderer/src/replica/schemas';
import { conflictHandler, createRefusals } from '../../../renderer/src/replica/sync-handlers';

// A replica written by the previous app version (schema version 0, before the fields added since)
// must open in this version with its documents kept and the new fields at their defaults.
const refusals = createRefusals();
let replica: Replica | null = null;

afterEach(async () => {
  await replica?.remove();
  replica = null;
});

/** The schema as version 0 had it: today's properties minus those added since. */
function versionZero(schema: RxJsonSchema<unknown>, added: string[]): RxJsonSchema<unknown> {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const field of added) delete properties[field];
  return { ...schema, version: 0, properties } as RxJsonSchema<unknown>;
}

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

    replica = await openReplica({
      userKey: 'migrating-user',
      encryptionKey: null,
      conflictHandler: (name) => conflictHandler(name, refusals),
      indexedDB: { indexedDB, IDBKeyRange },
    });
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

    replica = await openReplica({
      userKey: 'migrating-settings',
      encryptionKey: null,
      conflictHandler: (name) => conflictHandler(name, refusals),
      indexedDB: { indexedDB, IDBKeyRange },
    });
    const settings = (await replica.collections.settings.findOne('workspace').exec())?.toJSON();
    expect(settings).toMatchObject({ name: 'Acme EU', extendedAccessEnabled: true });
    expect(settings).not.toHaveProperty('allAccessMode');
  });
});
