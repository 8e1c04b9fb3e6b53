/**
 * An RxDB storage wrapper that encrypts the schema's `encrypted` fields with AES-256-GCM (WebCrypto)
 * under the database password, which here is the keychain's 256-bit replica key (base64url).
 *
 * Why not RxDB's free `encryption-crypto-js` plugin: crypto-js is discontinued upstream, and its
 * `AES.encrypt(text, passphrase)` is AES-CBC with an MD5 key derivation and no authentication, so a
 * ciphertext altered on disk or copied from one account's credentials to another's decrypts without
 * complaint. GCM authenticates each value, and the associated data binds it to its collection,
 * document and field: a swapped or altered value is refused when read (NIST SP 800-38D).
 *
 * The wrapping itself is RxDB's `wrapRxStorageInstance`, the same helper its encryption plugins use,
 * so queries, change streams and conflicts all see plaintext above this layer and ciphertext below.
 */
import {
  arrayBufferToBase64,
  base64ToArrayBuffer,
  getPrimaryFieldOfPrimaryKey,
  getProperty,
  type RxDocumentData,
  type RxDocumentWriteData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstanceCreationParams,
  setProperty,
  wrapRxStorageInstance,
} from 'rxdb';

/** Stored values start with the format version so a later scheme can tell them apart. */
const PREFIX = 'gcm1.';
const IV_BYTES = 12;

export class ReplicaDecryptionError extends Error {
  constructor(where: string) {
    super(
      `Credentials in the local replica failed their integrity check (${where}): changed outside Latchkey, not used.`,
    );
    this.name = 'ReplicaDecryptionError';
  }
}

/** The replica key from the keychain: exactly 32 bytes of base64url (main/services/secret-store/replica-key.ts). */
export async function importReplicaKey(keyText: string): Promise<CryptoKey> {
  // 43 base64url characters are 32 bytes; as standard base64 they need one '=' of padding.
  if (!/^[A-Za-z0-9_-]{43}=?$/.test(keyText)) throw new Error('the replica key must be 32 bytes of base64url');
  const raw = base64ToArrayBuffer(`${keyText.slice(0, 43).replace(/-/g, '+').replace(/_/g, '/')}=`);
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function encryptField(key: CryptoKey, value: unknown, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const additionalData = new TextEncoder().encode(context);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain));
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return PREFIX + arrayBufferToBase64(out.buffer);
}

export async function decryptField(key: CryptoKey, stored: unknown, context: string): Promise<unknown> {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) throw new ReplicaDecryptionError(context);
  const additionalData = new TextEncoder().encode(context);
  try {
    const bytes = new Uint8Array(base64ToArrayBuffer(stored.slice(PREFIX.length)));
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData },
      key,
      bytes.subarray(IV_BYTES),
    );
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    throw new ReplicaDecryptionError(context);
  }
}

export function aesGcmEncryptedStorage<Internals, Options>(
  storage: RxStorage<Internals, Options>,
): RxStorage<Internals, Options> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, Options>) {
      const paths = params.schema.encrypted ?? [];
      if (paths.length === 0) return storage.createStorageInstance(params);
      if (typeof params.password !== 'string') {
        throw new Error(`collection ${params.collectionName} has encrypted fields but the database has no key`);
      }
      if (paths.some((path) => path.includes('.'))) throw new Error('only top-level fields can be encrypted');
      const key = await importReplicaKey(params.password);
      const primary = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
      const context = (doc: object, path: string) =>
        `${params.databaseName}/${params.collectionName}/${String(getProperty(doc, primary))}/${path}`;

      // Below this layer the encrypted fields are opaque strings.
      const stored = structuredClone(params.schema) as RxJsonSchema<RxDocumentData<RxDocType>>;
      delete stored.encrypted;
      const properties = stored.properties as Record<string, unknown>;
      for (const path of paths) properties[path] = { type: 'string' };
      const instance = await storage.createStorageInstance({ ...params, schema: stored });

      /** A copy of `doc` with each encrypted field passed through `change` (encrypt or decrypt). */
      async function mapFields(
        doc: object,
        change: (value: unknown, context: string) => Promise<unknown>,
      ): Promise<RxDocumentData<RxDocType>> {
        const out = structuredClone(doc) as RxDocumentData<RxDocType>;
        for (const path of paths) {
          const value = getProperty(out, path);
          if (value !== undefined) setProperty(out, path, await change(value, context(out, path)));
        }
        return out;
      }
      return wrapRxStorageInstance(
        params.schema,
        instance,
        (doc: RxDocumentWriteData<RxDocType>) => mapFields(doc, (value, where) => encryptField(key, value, where)),
        (doc: RxDocumentData<unknown>) => mapFields(doc, (value, where) => decryptField(key, value, where)),
      );
    },
  };
}
