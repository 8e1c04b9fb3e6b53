/**
 * Credentials at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per write and the
 * record id as additional authenticated data, so a sealed value copied onto another row fails
 * to open. The key comes from configuration or is generated once into the data folder (0600).
 * Neither the key nor any opened value is ever logged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export class CredentialsKeyError extends Error {
  override name = 'CredentialsKeyError';
  constructor(
    message: string,
    readonly code: 'bad_key' | 'unreadable_key',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class SealedValueError extends Error {
  override name = 'SealedValueError';
  readonly code = 'cannot_open';
}

export interface CredentialsCipher {
  seal(plaintext: string, recordId: string): string;
  open(sealed: string, recordId: string): string;
}

export function createCipher(key: Buffer): CredentialsCipher {
  if (key.length !== KEY_BYTES) throw new CredentialsKeyError('the credentials key must be 32 bytes', 'bad_key');
  return {
    seal(plaintext, recordId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(recordId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(
        '.',
      );
    },
    open(sealed, recordId) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new SealedValueError(`sealed credentials of ${recordId} have an unknown format`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(recordId, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new SealedValueError(`sealed credentials of ${recordId} do not open with this key`, { cause });
      }
    },
  };
}

/** Base64 of 32 bytes (e.g. `openssl rand -base64 32`). */
export function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new CredentialsKeyError('LATCHKEY_CREDENTIALS_KEY must be 32 bytes in base64', 'bad_key');
  return key;
}

/** Reads the key file, or creates it with a fresh random key readable only by this user. */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  try {
    return parseKey(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CredentialsKeyError(`cannot read the credentials key at ${path}`, 'unreadable_key', { cause: err });
    }
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: if another process created it first, use theirs rather than overwrite it.
    await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(await readFile(path, 'utf8'));
    throw new CredentialsKeyError(`cannot write the credentials key at ${path}`, 'unreadable_key', { cause: err });
  }
}
