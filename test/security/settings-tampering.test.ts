/**
 * The desktop settings decide where tokens go (the sync server, the Okta issuer) and how long the
 * app stays open (the lock timeout), so a renderer must not bend them: no plain-http server or
 * issuer on another machine (anyone on the path would read the bearer token or swap Okta's keys),
 * no change while the app is locked (whoever sits at a locked machine could point it elsewhere or
 * stretch the lock), no change to a value the environment sets, and a tampered settings file is
 * not trusted either. Everything through the real dispatch both hosts use, over the app's own
 * settings file and runtime, with a real Okta simulator for the signed-in, locked session.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createAppInfoService } from '../../main/services/app-info';
import { type DesktopRuntime, openDesktopRuntime } from '../../main/services/desktop-runtime';
import { unavailableSecretStore } from '../../main/services/secret-store/secret-store';
import { openSettingsStore } from '../../main/services/settings/settings-store';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';
import { launchSystemBrowser, type SystemBrowser } from '../integration/desktop-services/browser-driver';

const GRACE = {
  id: `00u${'grace'.padEnd(17, '0')}`,
  login: 'grace@example.com',
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  password: 'a-long-enough-password',
};
const SYNC_SERVER = 'http://127.0.0.1:9';

let sim: OktaSim;
let browser: SystemBrowser;
const folders: string[] = [];
const runtimes: DesktopRuntime[] = [];

async function app(options: { env?: Record<string, string>; file?: string } = {}) {
  const folder = await mkdtemp(path.join(tmpdir(), 'latchkey-settings-attack-'));
  folders.push(folder);
  if (options.file !== undefined) await writeFile(path.join(folder, 'settings.json'), options.file);
  const env = options.env ?? {};
  const log = () => {};
  const runtime = await openDesktopRuntime({
    settings: await openSettingsStore({ folder, env, log }),
    env,
    secretStore: unavailableSecretStore('this test keeps nothing'),
    openExternal: browser.openExternal,
    log,
  });
  runtimes.push(runtime);
  const dispatch: Dispatch = createDispatch(
    createIpcHandlers({
      appInfo: createAppInfoService('browser'),
      get desktop() {
        return runtime.desktop();
      },
      settings: runtime.settings,
    }),
    () => {},
  );
  const fileText = () => readFile(path.join(folder, 'settings.json'), 'utf8').catch(() => null);
  return { runtime, dispatch, fileText };
}

beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: { users: [GRACE] } });
  browser = await launchSystemBrowser({ username: GRACE.login, password: GRACE.password });
});
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await browser?.close();
  await sim?.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('a renderer pointing the app at an insecure server or issuer', () => {
  it.each([
    ['syncServerUrl', 'http://sync.attacker.example'],
    ['syncServerUrl', 'http://127.0.0.1.attacker.example:7200'],
    ['syncServerUrl', 'http://10.0.0.5:7200'],
    ['syncServerUrl', 'ftp://127.0.0.1/'],
    ['issuer', 'http://attacker.example/oauth2/default'],
    ['issuer', 'http://localhost.attacker.example/oauth2/default'],
    ['issuer', 'javascript:alert(1)'],
    ['issuer', 'file:///etc/passwd'],
  ] as const)('%s = %s is refused, and the app keeps its server', async (field, value) => {
    const { runtime, dispatch, fileText } = await app();
    await dispatch('settings:save', { syncServerUrl: SYNC_SERVER, issuer: sim.issuer });
    const before = { file: await fileText(), desktop: runtime.desktop() };
    const answer = await dispatch('settings:save', { [field]: value });
    expect(answer).toMatchObject({
      ok: true,
      value: { ok: false, code: 'invalid_settings', fieldErrors: { [field]: expect.any(String) } },
    });
    expect(await fileText()).toBe(before.file);
    expect(runtime.desktop()).toBe(before.desktop);
    expect(runtime.desktop()?.session.config).toMatchObject({ syncServerUrl: SYNC_SERVER, issuer: sim.issuer });
  });

  it('malformed drafts (wrong types, NUL, oversized) stop at the dispatch', async () => {
    const { dispatch, fileText } = await app();
    for (const input of [
      { syncServerUrl: 42 },
      { lockAfterMinutes: 0 },
      { issuer: 'https://okta.example/\u0000' },
      { clientId: 'x'.repeat(201) },
      'https://sync.attacker.example',
      null,
    ]) {
      expect(await dispatch('settings:save', input), JSON.stringify(input)).toMatchObject({
        ok: false,
        code: 'bad-input',
      });
    }
    expect(await fileText()).toBeNull();
  });
});

describe('settings while the app is locked', () => {
  it('cannot be changed: not the server, not the lock timeout; only read', async () => {
    const { runtime, dispatch, fileText } = await app();
    await dispatch('settings:save', { syncServerUrl: SYNC_SERVER, issuer: sim.issuer, lockAfterMinutes: '5' });
    expect(await dispatch('session:sign-in', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await dispatch('session:lock', undefined)).toMatchObject({ ok: true, value: { locked: true } });
    const before = { file: await fileText(), desktop: runtime.desktop() };

    for (const draft of [
      { lockAfterMinutes: '0' },
      { syncServerUrl: 'https://sync.attacker.example' },
      { issuer: 'https://attacker.okta.example/oauth2/default' },
      { clipboardClearSeconds: '3600' },
    ]) {
      expect(await dispatch('settings:save', draft), JSON.stringify(draft)).toMatchObject({
        ok: true,
        value: { ok: false, code: 'locked' },
      });
    }
    expect(await fileText()).toBe(before.file);
    expect(runtime.desktop()).toBe(before.desktop);
    expect(await dispatch('session:status', undefined)).toMatchObject({
      ok: true,
      value: { signedIn: true, locked: true },
    });
    // Reading stays possible: the lock screen needs to know whether sign-in is configured.
    expect(await dispatch('settings:get', undefined)).toMatchObject({
      ok: true,
      value: { ok: true, value: { values: { lockAfterMinutes: 5 } } },
    });
  });
});

describe('values the environment sets, and the file on disk', () => {
  it('a renderer sending an overridden field changes neither the value in force nor the file', async () => {
    const env = { LATCHKEY_SYNC_SERVER_URL: SYNC_SERVER, LATCHKEY_OIDC_ISSUER: sim.issuer };
    const { runtime, dispatch, fileText } = await app({ env });
    const answer = await dispatch('settings:save', {
      syncServerUrl: 'https://sync.attacker.example',
      issuer: 'https://attacker.okta.example/oauth2/default',
    });
    expect(answer).toMatchObject({ ok: true, value: { ok: true, value: { signedOut: false } } });
    expect(runtime.desktop()?.session.config).toMatchObject({ syncServerUrl: SYNC_SERVER, issuer: sim.issuer });
    expect(await fileText()).not.toContain('attacker');
  });

  it('a settings file edited to plain http on another machine is not trusted: that field is not set, with a warning', async () => {
    const { runtime, dispatch } = await app({
      file: JSON.stringify({ syncServerUrl: 'http://sync.attacker.example', issuer: sim.issuer }),
    });
    expect(runtime.desktop()).toBeUndefined();
    const view = await dispatch('settings:get', undefined);
    expect(view).toMatchObject({
      ok: true,
      value: { ok: true, value: { configured: false, values: { syncServerUrl: null, issuer: sim.issuer } } },
    });
    expect(JSON.stringify(view)).toContain('syncServerUrl is ignored');
  });
});
