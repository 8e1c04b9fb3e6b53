/**
 * Credentials at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per write and the
 * record id as additional authenticated data, so a sealed value copied onto another row fails
 * to open. A sealed value names the key that sealed it (`v2.<key id>.<iv>.<tag>.<body>`), so a
 * key rotation can run while servers keep serving (credentials-keyring.ts). Values sealed before
 * key ids existed (`v1.<iv>.<tag>.<body>`) still open with any key of the keyring.
 * Neither a key nor any opened value is ever logged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type CredentialsKey, type CredentialsKeyring, staticKeyring } from './credentials-keyring';

export { CredentialsKeyError, loadOrCreateKeyFile, parseKey } from './credentials-keyring';

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;

export class SealedValueError extends Error {
  override name = 'SealedValueError';
  readonly code = 'cannot_open';
}

export interface CredentialsCipher {
  seal(plaintext: string, recordId: string): string;
  open(sealed: string, recordId: string): string;
  /** The id of the key a sealed value names (null for a legacy value), without opening it. */
  keyIdOf(sealed: string): string | null;
}

/** `keys`: a keyring, or one key (tests, LATCHKEY_CREDENTIALS_KEY). */
export function createCipher(keys: CredentialsKeyring | Buffer): CredentialsCipher {
  const keyring = Buffer.isBuffer(keys) ? staticKeyring(keys, 'a fixed key') : keys;
  return {
    seal(plaintext, recordId) {
      const { id, key } = keyring.current();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(recordId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(
        '.',
      );
    },
    open(sealed, recordId) {
      const parts = sealed.split('.');
      if (parts[0] === VERSION && parts.length === 5) {
        const [, id, iv, tag, body] = parts as [string, string, string, string, string];
        const key = keyring.all().find((k) => k.id === id);
        if (key === undefined) {
          throw new SealedValueError(
            `sealed credentials of ${recordId} need key ${id}, which ${keyring.source} does not hold`,
          );
        }
        return openWith(key, iv, tag, body, recordId);
      }
      if (parts[0] === LEGACY_VERSION && parts.length === 4) {
        const [, iv, tag, body] = parts as [string, string, string, string];
        for (const key of keyring.all()) {
          try {
            return openWith(key, iv, tag, body, recordId);
          } catch {
            // Legacy values name no key: try the next one.
          }
        }
        throw new SealedValueError(`sealed credentials of ${recordId} do not open with any key of ${keyring.source}`);
      }
      throw new SealedValueError(`sealed credentials of ${recordId} have an unknown format`);
    },
    keyIdOf(sealed) {
      const parts = sealed.split('.');
      return parts[0] === VERSION ? (parts[1] ?? null) : null;
    },
  };
}

function openWith(key: CredentialsKey, iv: string, tag: string, body: string, recordId: string): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new SealedValueError(`sealed credentials of ${recordId} do not open with key ${key.id}`, { cause });
  }
}
