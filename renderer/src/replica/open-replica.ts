/**
 * Opens the user's replica: RxDB on IndexedDB (Dexie storage). Two databases, so secrets are
 * kept apart and encrypted: `latchkey-<user>` holds the workspace records, and
 * `latchkey-secrets-<user>` holds credentials, with `password` and `totpSecret` encrypted at rest
 * with AES-256-GCM under the keychain key from main (`replica:key`; aes-gcm-storage.ts). Without
 * a keychain there is no key, and credentials live in memory for the session only
 * (main/services/secret-store/replica-key.ts: never persist them unencrypted).
 */
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type RxJsonSchema,
} from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { COLLECTION_NAMES, type CollectionName, type RecordOf } from '../../../domain/wire/collections';
import { aesGcmEncryptedStorage } from './aes-gcm-storage';
import { bulkReadStorage } from './bulk-read-storage';
import { type ListIndexes, listIndexedStorage } from './list-indexes';
import { MIGRATIONS, SCHEMAS } from './schemas';

// Replicas on disk outlive app versions: a changed collection migrates its documents (schemas.ts).
addRxPlugin(RxDBMigrationSchemaPlugin);

export type ReplicaCollections = { [C in CollectionName]: RxCollection<RecordOf[C]> };

export interface Replica {
  readonly collections: ReplicaCollections;
  /** True when credentials are encrypted on disk; false when they are kept in memory only. */
  readonly credentialsPersisted: boolean;
  /** Reads for the Accounts list's first screen, through indexes RxDB does not keep (list-indexes.ts). */
  readonly listIndexes: ListIndexes;
  close(): Promise<void>;
  /** Deletes both databases (sign-out of a shared machine, tests). */
  remove(): Promise<void>;
}

export interface OpenReplicaOptions {
  /** Stable per signed-in user, so two people on one machine never share a replica. */
  userKey: string;
  /** base64url 256-bit key from the keychain, or null when there is none. */
  encryptionKey: string | null;
  conflictHandler: <C extends CollectionName>(collection: C) => RxConflictHandler<RecordOf[C]>;
  /** Tests pass fake-indexeddb's globals; the app uses the browser's. */
  indexedDB?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
}

const SECRET_COLLECTIONS: readonly CollectionName[] = ['credentials'];

function withoutEncryption<T>(schema: RxJsonSchema<T>): RxJsonSchema<T> {
  const { encrypted: _encrypted, ...rest } = schema;
  return rest as RxJsonSchema<T>;
}

export function databaseNames(userKey: string): { records: string; secrets: string } {
  const safe =
    userKey
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 40) || 'default';
  return { records: `latchkey-${safe}`, secrets: `latchkey-secrets-${safe}` };
}

export async function openReplica(options: OpenReplicaOptions): Promise<Replica> {
  const names = databaseNames(options.userKey);
  const dexie = bulkReadStorage(getRxStorageDexie(options.indexedDB ?? {}));
  const indexed = listIndexedStorage(dexie);
  const records = await createRxDatabase({ name: names.records, storage: indexed.storage, multiInstance: false });
  const secrets = options.encryptionKey
    ? await createRxDatabase({
        name: names.secrets,
        storage: aesGcmEncryptedStorage(dexie),
        password: options.encryptionKey,
        multiInstance: false,
      })
    : await createRxDatabase({ name: names.secrets, storage: getRxStorageMemory(), multiInstance: false });

  const add = async (db: RxDatabase, names: readonly CollectionName[], encrypted: boolean) =>
    db.addCollections(
      Object.fromEntries(
        names.map((name) => [
          name,
          {
            schema: encrypted ? SCHEMAS[name] : withoutEncryption(SCHEMAS[name] as RxJsonSchema<unknown>),
            conflictHandler: options.conflictHandler(name),
            ...(MIGRATIONS[name] ? { migrationStrategies: MIGRATIONS[name] } : {}),
          },
        ]),
      ),
    );
  await add(
    records,
    COLLECTION_NAMES.filter((name) => !SECRET_COLLECTIONS.includes(name)),
    false,
  );
  // In memory (no keychain key) nothing reaches the disk, and RxDB refuses `encrypted` without a key.
  await add(secrets, SECRET_COLLECTIONS, options.encryptionKey !== null);
  const collections = { ...records.collections, ...secrets.collections } as unknown as ReplicaCollections;

  return {
    collections,
    credentialsPersisted: options.encryptionKey !== null,
    listIndexes: indexed.indexes,
    async close() {
      await records.close();
      await secrets.close();
    },
    async remove() {
      await records.remove();
      await secrets.remove();
    },
  };
}
