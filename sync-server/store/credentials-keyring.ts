/**
 * The keys that seal credentials at rest. One key is current (every new seal uses it); the others
 * are kept only to open values sealed before a rotation. Each key has an id — the first 16 hex
 * digits of its SHA-256, which says nothing about the key — carried by every sealed value, so a
 * server knows which key opens it and a rotation knows which values are left to re-seal.
 *
 * Where the keys live: LATCHKEY_CREDENTIALS_KEY (one key, fixed for the process), or a key file —
 * LATCHKEY_CREDENTIALS_KEY_FILE, kept apart from the data folder and its backups, or else
 * `credentials.key` in the data folder. A key file holds one base64 key per line, the current key
 * first; `#` starts a comment. A running server notices when the file changes (it compares the
 * file's identity and modification time before each use), so `credentials-key rotate` can run
 * beside it: the next seal uses the new key and values sealed with the new key open at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const KEY_BYTES = 32;

export interface CredentialsKey {
  id: string;
  key: Buffer;
}

export interface CredentialsKeyring {
  /** The key new seals use. */
  current(): CredentialsKey;
  /** Every key that may open a value, the current one first. */
  all(): CredentialsKey[];
  /** Where the keys come from, for messages (a path or a variable name; never a key). */
  readonly source: string;
}

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

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Base64 of 32 bytes (e.g. `openssl rand -base64 32`). `where` names its source in errors. */
export function parseKey(base64: string, where = 'LATCHKEY_CREDENTIALS_KEY'): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new CredentialsKeyError(`${where} must be 32 bytes in base64`, 'bad_key');
  return key;
}

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** One fixed key (LATCHKEY_CREDENTIALS_KEY, tests). */
export function staticKeyring(key: Buffer, source = 'LATCHKEY_CREDENTIALS_KEY'): CredentialsKeyring {
  const entry = { id: keyId(key), key };
  return { source, current: () => entry, all: () => [entry] };
}

export function parseKeyFile(text: string, path: string): CredentialsKey[] {
  const keys = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0)
    .map((line, i) => parseKey(line, `line ${i + 1} of the credentials key file ${path}`))
    .map((key) => ({ id: keyId(key), key }));
  if (keys.length === 0) throw new CredentialsKeyError(`the credentials key file ${path} holds no key`, 'bad_key');
  return keys;
}

export function formatKeyFile(keys: readonly CredentialsKey[]): string {
  const [current, ...previous] = keys;
  if (current === undefined) throw new CredentialsKeyError('a key file needs at least one key', 'bad_key');
  return [
    '# Latchkey credentials keys: the first is current, the others only open values sealed before a rotation.',
    '# Keep this file out of the database backups it protects. Never edit by hand while a rotation runs.',
    current.key.toString('base64'),
    ...previous.map((k) => k.key.toString('base64')),
    '',
  ].join('\n');
}

/** A keyring backed by a key file, re-read whenever the file changes. */
export function fileKeyring(path: string, initial: CredentialsKey[]): CredentialsKeyring {
  let keys = initial;
  let seen = identityOf(path);
  const fresh = (): CredentialsKey[] => {
    const now = identityOf(path);
    if (now !== seen) {
      try {
        keys = parseKeyFile(readFileSync(path, 'utf8'), path);
        seen = now;
      } catch {
        // A file caught half-written by an editor keeps the last good keys; it is read again next time.
      }
    }
    return keys;
  };
  return { source: path, current: () => fresh()[0] as CredentialsKey, all: fresh };
}

function identityOf(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Reads the key file, or creates it with a fresh random key readable only by this user. */
export async function loadOrCreateKeyFile(path: string): Promise<CredentialsKeyring> {
  try {
    return fileKeyring(path, parseKeyFile(await readFile(path, 'utf8'), path));
  } catch (err) {
    if (err instanceof CredentialsKeyError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CredentialsKeyError(`cannot read the credentials key at ${path}`, 'unreadable_key', { cause: err });
    }
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = generateKey();
  try {
    // `wx`: if another process created it first, use theirs rather than overwrite it.
    await writeFile(path, formatKeyFile([{ id: keyId(key), key }]), { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new CredentialsKeyError(`cannot write the credentials key at ${path}`, 'unreadable_key', { cause: err });
    }
  }
  return fileKeyring(path, parseKeyFile(await readFile(path, 'utf8'), path));
}

/** Replaces the key file in one step (write beside it, then rename), so no reader sees half a file. */
export async function writeKeyFile(path: string, keys: readonly CredentialsKey[]): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, formatKeyFile(keys), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** The keyring a server or CLI uses: the fixed key, the key file, or the data folder's key file. */
export async function credentialsKeyring(config: {
  credentialsKey?: string | undefined;
  credentialsKeyFile?: string | undefined;
  dataDir: string;
}): Promise<CredentialsKeyring> {
  if (config.credentialsKey) return staticKeyring(parseKey(config.credentialsKey));
  return loadOrCreateKeyFile(config.credentialsKeyFile ?? join(config.dataDir, 'credentials.key'));
}
