/**
 * The desktop settings as the renderer reaches them: settings:get and settings:save through the
 * dispatch both hosts use, over the app's own start-up path (settings.json in a data folder,
 * the desktop runtime building the services from it) and a real Okta simulator. A new install
 * is configured without a restart, a new lock timeout applies to the running session, and a new
 * Okta issuer while signed in signs out (and wipes) before the services are built again.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEvent } from '../../../domain/ipc-contract';
import { createDispatch, type Dispatch } from '../../../main/ipc/dispatch';
import { createIpcHandlers } from '../../../main/ipc/handlers';
import { createAppInfoService } from '../../../main/services/app-info';
import { type DesktopRuntime, openDesktopRuntime } from '../../../main/services/desktop-runtime';
import { unavailableSecretStore } from '../../../main/services/secret-store/secret-store';
import { openSettingsStore } from '../../../main/services/settings/settings-store';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { launchSystemBrowser, type SystemBrowser } from './browser-driver';

const GRACE = {
  id: `00u${'grace'.padEnd(17, '0')}`,
  login: 'grace@example.com',
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  password: 'a-long-enough-password',
};
// Nothing listens there: these tests sign in at Okta and never reach the sync server.
const SYNC_SERVER = 'http://127.0.0.1:9';

describe('desktop settings over the IPC contract', () => {
  let sim: OktaSim;
  let browser: SystemBrowser;
  let folder: string;
  let runtime: DesktopRuntime;
  let dispatch: Dispatch;
  const events: Array<{ event: IpcEvent; payload: unknown }> = [];
  const waiters: Array<{ matches: (event: IpcEvent, payload: unknown) => boolean; resolve: () => void }> = [];
  /** Resolves on the first event from now on that matches (no sleeping: the event itself). */
  const next = (matches: (event: IpcEvent, payload: unknown) => boolean) =>
    new Promise<void>((resolve) => waiters.push({ matches, resolve }));

  beforeAll(async () => {
    sim = await startOktaSim({ port: 0, seed: { users: [GRACE] } });
    browser = await launchSystemBrowser({ username: GRACE.login, password: GRACE.password });
    folder = await mkdtemp(path.join(tmpdir(), 'latchkey-settings-it-'));
    const log = () => {};
    runtime = await openDesktopRuntime({
      settings: await openSettingsStore({ folder, env: {}, log }),
      env: {},
      // No keychain: the session lives in memory, as on a machine without one.
      secretStore: unavailableSecretStore('this test keeps nothing'),
      openExternal: browser.openExternal,
      log,
    });
    runtime.onEvent((event, payload) => {
      events.push({ event, payload });
      for (const waiter of waiters.splice(0)) {
        if (waiter.matches(event, payload)) waiter.resolve();
        else waiters.push(waiter);
      }
    });
    dispatch = createDispatch(
      createIpcHandlers({
        appInfo: createAppInfoService('browser'),
        get desktop() {
          return runtime.desktop();
        },
        settings: runtime.settings,
      }),
      () => {},
    );
  });
  afterAll(async () => {
    await runtime?.close();
    await browser?.close();
    await sim?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('a new install: not configured, sign-in says to open Settings', async () => {
    expect(await dispatch('settings:get', undefined)).toMatchObject({
      ok: true,
      value: { ok: true, value: { configured: false, values: { syncServerUrl: null, clientId: 'latchkey-desktop' } } },
    });
    expect(await dispatch('session:sign-in', undefined)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'not_configured', reason: expect.stringContaining('Settings') },
    });
  });

  it('wrong values are refused with a message per field, and nothing is written', async () => {
    const refused = await dispatch('settings:save', {
      syncServerUrl: 'http://sync.acme.example',
      issuer: 'acme.okta.com',
      lockAfterMinutes: 'ten',
    });
    expect(refused).toMatchObject({
      ok: true,
      value: {
        ok: false,
        code: 'invalid_settings',
        fieldErrors: {
          syncServerUrl: 'The sync server URL must use https (plain http only to 127.0.0.1 or localhost)',
          issuer: 'The Okta issuer must be a URL such as https://example.com',
          lockAfterMinutes: 'Enter a number of minutes from 0 to 1440.',
        },
      },
    });
    await expect(readFile(path.join(folder, 'settings.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(runtime.desktop()).toBeUndefined();
  });

  it('configured from the screen, sign-in works without a restart', async () => {
    const saved = await dispatch('settings:save', { syncServerUrl: SYNC_SERVER, issuer: sim.issuer });
    expect(saved).toMatchObject({
      ok: true,
      value: { ok: true, value: { signedOut: false, view: { configured: true, sources: { issuer: 'file' } } } },
    });
    expect(JSON.parse(await readFile(path.join(folder, 'settings.json'), 'utf8'))).toMatchObject({
      syncServerUrl: SYNC_SERVER,
      issuer: sim.issuer,
    });
    expect(await dispatch('session:sign-in', undefined)).toMatchObject({
      ok: true,
      value: { ok: true, value: { signedIn: true, user: { email: GRACE.email } } },
    });
  });

  it('a shorter lock timeout applies to the running session at once; while locked, settings are read-only', async () => {
    const locked = next(
      (event, payload) => event === 'session:changed' && (payload as { locked?: boolean }).locked === true,
    );
    // 0.001 minutes: 60 ms without activity.
    expect(await dispatch('settings:save', { lockAfterMinutes: '0.001' })).toMatchObject({
      ok: true,
      value: { ok: true, value: { signedOut: false } },
    });
    await locked;
    expect(await dispatch('session:status', undefined)).toMatchObject({
      ok: true,
      value: { signedIn: true, locked: true, lockedBecause: 'idle' },
    });
    expect(await dispatch('settings:get', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await dispatch('settings:save', { lockAfterMinutes: '30' })).toMatchObject({
      ok: true,
      value: { ok: false, code: 'locked' },
    });
    expect(runtime.settings.view().values.lockAfterMinutes).toBe(0.001);
    // Signing out is allowed while locked (and ends the lock with the session).
    await dispatch('session:sign-out', undefined);
    expect(await dispatch('settings:save', { lockAfterMinutes: '30' })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
  });

  it('a new Okta issuer while signed in signs out and wipes first, then builds the services for the new one', async () => {
    expect(await dispatch('session:sign-in', undefined)).toMatchObject({
      ok: true,
      value: { ok: true, value: { signedIn: true } },
    });
    const before = runtime.desktop();
    const from = events.length;
    // The same simulator under another name: a different issuer as far as the settings know.
    const otherIssuer = sim.issuer.replace('127.0.0.1', 'localhost');
    const saved = await dispatch('settings:save', { issuer: otherIssuer });
    expect(saved).toMatchObject({ ok: true, value: { ok: true, value: { signedOut: true } } });
    const after = events.slice(from);
    expect(after).toContainEqual({ event: 'session:wipe', payload: { reason: 'signed-out' } });
    expect(after.at(-1)).toMatchObject({ event: 'session:changed', payload: { signedIn: false } });
    expect(runtime.desktop()).not.toBe(before);
    expect(runtime.desktop()?.session.config.issuer).toBe(otherIssuer);
    expect(await dispatch('session:status', undefined)).toMatchObject({ ok: true, value: { signedIn: false } });
  });
});
