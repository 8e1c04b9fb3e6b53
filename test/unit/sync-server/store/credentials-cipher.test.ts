import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCipher, loadOrCreateKeyFile, SealedValueError } from '../../../../sync-server/store/credentials-cipher';
import { keyId, staticKeyring, writeKeyFile } from '../../../../sync-server/store/credentials-keyring';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('credentials cipher', () => {
  it('opens what it sealed, and never shows the plaintext in the sealed value', () => {
    const cipher = createCipher(randomBytes(32));
    const sealed = cipher.seal('hunter2-password', 'acct-1');
    expect(sealed).not.toContain('hunter2');
    expect(cipher.open(sealed, 'acct-1')).toBe('hunter2-password');
    expect(cipher.seal('same', 'acct-1')).not.toBe(cipher.seal('same', 'acct-1'));
  });

  it('refuses a sealed value moved to another record, tampered with, or opened with another key', () => {
    const cipher = createCipher(randomBytes(32));
    const sealed = cipher.seal('secret', 'acct-1');
    expect(() => cipher.open(sealed, 'acct-2')).toThrow(SealedValueError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() =>
      cipher.open([parts[0], parts[1], parts[2], parts[3], body.toString('base64')].join('.'), 'acct-1'),
    ).toThrow(SealedValueError);
    expect(() => createCipher(randomBytes(32)).open(sealed, 'acct-1')).toThrow(SealedValueError);
  });

  it('generates the key once into the data folder, readable only by its owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-key-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'credentials.key');
    const first = await loadOrCreateKeyFile(path);
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600');
    expect((await loadOrCreateKeyFile(path)).current().key.equals(first.current().key)).toBe(true);
  });

  it('names the sealing key in every value, and opens values of a previous key after a rotation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-key-'));
    dirs.push(dir);
    const path = join(dir, 'credentials.key');
    const keyring = await loadOrCreateKeyFile(path);
    const cipher = createCipher(keyring);
    const old = keyring.current();
    const before = cipher.seal('before rotation', 'acct-1');
    expect(cipher.keyIdOf(before)).toBe(old.id);

    const nextKey = randomBytes(32);
    const next = { id: keyId(nextKey), key: nextKey };
    await writeKeyFile(path, [next, old]);
    const after = cipher.seal('after rotation', 'acct-2');
    expect(cipher.keyIdOf(after)).toBe(next.id);
    expect(cipher.open(before, 'acct-1')).toBe('before rotation');
    expect(cipher.open(after, 'acct-2')).toBe('after rotation');

    await writeKeyFile(path, [next]);
    expect(() => cipher.open(before, 'acct-1')).toThrow(new RegExp(`need key ${old.id}`));
  });

  it('opens a value sealed before key ids existed (v1) with any key of the keyring', () => {
    const key = randomBytes(32);
    const v2 = createCipher(key).seal('legacy secret', 'acct-1').split('.');
    const legacy = ['v1', v2[2], v2[3], v2[4]].join('.');
    expect(createCipher(staticKeyring(key)).open(legacy, 'acct-1')).toBe('legacy secret');
    expect(createCipher(staticKeyring(key)).keyIdOf(legacy)).toBeNull();
  });
});
