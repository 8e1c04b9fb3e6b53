import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_CLIENT_ID } from '../../../../../domain/desktop-client';
import { openSettingsStore } from '../../../../../main/services/settings/settings-store';

let folder: string;
let logged: Array<{ message: string; context: Record<string, unknown> }>;
const log = (message: string, context: Record<string, unknown>) => logged.push({ message, context });
const file = () => path.join(folder, 'settings.json');

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'latchkey-settings-'));
  logged = [];
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('desktop settings file', () => {
  it('first start (no file): the defaults, not configured, no warning', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    expect(store.view()).toMatchObject({
      values: { syncServerUrl: null, issuer: null, clientId: DESKTOP_CLIENT_ID, lockAfterMinutes: 10 },
      configured: false,
      warnings: [],
      file: file(),
    });
    expect(store.view().sources.syncServerUrl).toBe('default');
  });

  it('saves to settings.json in the user-data folder and reads the same settings at the next start', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    const saved = await store.save({
      syncServerUrl: 'https://latchkey.acme.example',
      issuer: 'https://acme.okta.com/oauth2/default',
      clientId: 'acme-desktop',
      lockAfterMinutes: '5',
      clipboardClearSeconds: '12',
    });
    expect(saved).toMatchObject({ ok: true, view: { configured: true } });
    const next = await openSettingsStore({ folder, env: {}, log });
    expect(next.current()).toEqual({
      syncServerUrl: 'https://latchkey.acme.example',
      issuer: 'https://acme.okta.com/oauth2/default',
      clientId: 'acme-desktop',
      lockAfterMinutes: 5,
      clipboardClearSeconds: 12,
    });
    expect(next.view().sources).toEqual({
      syncServerUrl: 'file',
      issuer: 'file',
      clientId: 'file',
      lockAfterMinutes: 'file',
      clipboardClearSeconds: 'file',
    });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ version: 1, lockAfterMinutes: 5 });
  });

  it('refuses a draft with wrong fields whole, with a message per field, and writes nothing', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    const refused = await store.save({
      syncServerUrl: 'http://sync.acme.example',
      lockAfterMinutes: '5',
      clipboardClearSeconds: '0',
    });
    expect(refused).toEqual({
      ok: false,
      errors: {
        syncServerUrl: 'The sync server URL must use https (plain http only to 127.0.0.1 or localhost)',
        clipboardClearSeconds: 'The clipboard timeout is at least 1 second.',
      },
    });
    expect(store.current().lockAfterMinutes).toBe(10);
    await expect(readFile(file(), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a corrupt file: the defaults, and a warning that names the file (logged too); a save replaces it', async () => {
    await writeFile(file(), '{"syncServerUrl": "https://latchkey.acme.exa');
    const store = await openSettingsStore({ folder, env: {}, log });
    expect(store.view().values.syncServerUrl).toBeNull();
    expect(store.view().warnings).toEqual([
      `${file()} is not valid JSON: the defaults are used until you save the settings again.`,
    ]);
    expect(logged.map((l) => l.message)).toContain('settings warning');
    await store.save({ lockAfterMinutes: '3' });
    expect(store.view().warnings).toEqual([]);
    expect((await openSettingsStore({ folder, env: {}, log })).current().lockAfterMinutes).toBe(3);
  });

  it('a hand-edited wrong value: that field takes its default and is named; the others are kept', async () => {
    await writeFile(
      file(),
      JSON.stringify({ syncServerUrl: 'http://sync.acme.example', lockAfterMinutes: 7, clipboardClearSeconds: 'x' }),
    );
    const store = await openSettingsStore({ folder, env: {}, log });
    expect(store.current()).toMatchObject({ syncServerUrl: null, lockAfterMinutes: 7, clipboardClearSeconds: 30 });
    expect(store.view().warnings).toHaveLength(2);
    expect(store.view().warnings[0]).toContain('syncServerUrl is ignored (The sync server URL must use https');
  });

  it('a file that holds no object (an array, a number): the defaults, with a warning', async () => {
    await writeFile(file(), '[1,2]');
    const store = await openSettingsStore({ folder, env: {}, log });
    expect(store.view().warnings[0]).toContain('does not hold settings');
  });

  it('an environment variable wins over the file; the field says which, and a save leaves it alone', async () => {
    await writeFile(file(), JSON.stringify({ syncServerUrl: 'https://file.example', lockAfterMinutes: 7 }));
    const env = {
      LATCHKEY_SYNC_SERVER_URL: 'http://127.0.0.1:7200',
      LATCHKEY_OIDC_ISSUER: 'http://127.0.0.1:7100/oauth2/default',
    };
    const store = await openSettingsStore({ folder, env, log });
    expect(store.view()).toMatchObject({
      values: { syncServerUrl: 'http://127.0.0.1:7200', lockAfterMinutes: 7, clientId: DESKTOP_CLIENT_ID },
      sources: { syncServerUrl: 'environment', issuer: 'environment', lockAfterMinutes: 'file', clientId: 'default' },
      overriddenBy: {
        syncServerUrl: 'LATCHKEY_SYNC_SERVER_URL',
        issuer: 'LATCHKEY_OIDC_ISSUER',
        lockAfterMinutes: null,
        clipboardClearSeconds: null,
      },
      configured: true,
    });
    // A renderer sending the overridden field anyway changes neither the value nor the file.
    await store.save({ syncServerUrl: 'https://other.example', lockAfterMinutes: '2' });
    expect(store.current()).toMatchObject({ syncServerUrl: 'http://127.0.0.1:7200', lockAfterMinutes: 2 });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ syncServerUrl: 'https://file.example' });
  });

  it('an environment variable that breaks the rule is ignored with a warning, not trusted', async () => {
    await writeFile(file(), JSON.stringify({ syncServerUrl: 'https://file.example' }));
    const store = await openSettingsStore({ folder, env: { LATCHKEY_SYNC_SERVER_URL: 'http://evil.example' }, log });
    expect(store.view().values.syncServerUrl).toBe('https://file.example');
    expect(store.view().sources.syncServerUrl).toBe('file');
    expect(store.view().overriddenBy.syncServerUrl).toBeNull();
    expect(store.view().warnings[0]).toMatch(/^LATCHKEY_SYNC_SERVER_URL=http:\/\/evil.example is ignored: .*https/);
  });

  it('an empty URL removes it from the file (not configured again)', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    await store.save({ syncServerUrl: 'https://s.example', issuer: 'https://o.example' });
    await store.save({ syncServerUrl: '' });
    expect(store.view().configured).toBe(false);
    expect(JSON.parse(await readFile(file(), 'utf8'))).not.toHaveProperty('syncServerUrl');
  });

  it('writes atomically: a reader of the old file still reads it whole, and no temporary file is left', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    await store.save({ syncServerUrl: 'https://old.example', lockAfterMinutes: '4' });
    const before = await readFile(file(), 'utf8');
    const reader = await open(file(), 'r');
    try {
      await store.save({ syncServerUrl: 'https://a-much-longer-new-address.example', lockAfterMinutes: '8' });
      // Written in place, the open file would now show the new (or half the new) content.
      expect(await reader.readFile('utf8')).toBe(before);
    } finally {
      await reader.close();
    }
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ lockAfterMinutes: 8 });
    expect(await readdir(folder)).toEqual(['settings.json']);
  });

  it('a save that cannot be written fails, keeps the old file and the settings in force, and leaves no temporary file', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    await store.save({ lockAfterMinutes: '4' });
    const before = await readFile(file(), 'utf8');
    // The rename cannot replace a folder: the last step fails after the temporary file was written.
    await rm(file());
    await mkdir(file());
    await expect(store.save({ lockAfterMinutes: '9' })).rejects.toThrow();
    expect(store.current().lockAfterMinutes).toBe(4);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await rm(file(), { recursive: true });
    await writeFile(file(), before);
    expect((await openSettingsStore({ folder, env: {}, log })).current().lockAfterMinutes).toBe(4);
  });

  it('two saves at once are applied in order', async () => {
    const store = await openSettingsStore({ folder, env: {}, log });
    await Promise.all([store.save({ lockAfterMinutes: '1' }), store.save({ clipboardClearSeconds: '2' })]);
    const reread = await openSettingsStore({ folder, env: {}, log });
    expect(reread.current()).toMatchObject({ lockAfterMinutes: 1, clipboardClearSeconds: 2 });
  });
});
