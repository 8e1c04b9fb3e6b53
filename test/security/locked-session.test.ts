/**
 * A locked desktop must give nothing to whoever sits at it — nor to a renderer that ignores its
 * own lock screen: main refuses the replica key, sync, api calls, clipboard copies, launches and a
 * new sign-in (which would put someone else's tokens under the lock) until the same person
 * re-authenticates at Okta. Everything real: the Okta simulator (which must ask for the password
 * again on `prompt=login`), a sync server on PGlite, a private gnome-keyring, a real browser as
 * the system browser, and the IPC dispatch both hosts use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../dev/stack/private-keyring';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { createClipboardGuard } from '../../domain/clipboard-guard';
import type { IpcEventPayload } from '../../domain/ipc-contract';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createAppInfoService } from '../../main/services/app-info';
import { createDesktopServices, type DesktopServices } from '../../main/services/desktop-services';
import { openLauncher } from '../../main/services/launcher/open-launcher';
import { openKeychainSecretStore } from '../../main/services/secret-store/keychain-secret-store';
import type { SecretStore } from '../../main/services/secret-store/secret-store';
import { launchSystemBrowser, type SystemBrowser } from '../integration/desktop-services/browser-driver';

let keyring: PrivateKeyring;
let world: SyncWorld;
let bobsBrowser: SystemBrowser;
let cysBrowser: SystemBrowser;
let keychain: SecretStore;
let desktop: DesktopServices;
let dispatch: Dispatch;
let systemBrowser: SystemBrowser;
const statuses: IpcEventPayload<'session:changed'>[] = [];
const clipboard: string[] = [];
let loginWindowsOpened = 0;

/** Bob's desktop services on this machine's keychain (each start of the app makes new ones). */
function bobsDesktop(): DesktopServices {
  return createDesktopServices({
    config: {
      issuer: world.sim.issuer,
      clientId: world.sim.clientId,
      audience: world.sim.audience,
      syncServerUrl: world.server.url,
    },
    secretStore: keychain,
    // Whoever is at the machine types into "the system browser": bob, or cy at bob's locked desk.
    openExternal: (url) => systemBrowser.openExternal(url),
  });
}

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  keychain = await openKeychainSecretStore(`latchkey-security-${randomUUID()}`);
  world = await startSyncWorld('pglite');
  bobsBrowser = await launchSystemBrowser({ username: 'bob@example.com', password: 'Passw0rd!' });
  cysBrowser = await launchSystemBrowser({ username: 'cy@example.com', password: 'Passw0rd!' });
  systemBrowser = bobsBrowser;
  desktop = bobsDesktop();
  desktop.onEvent((event, payload) => {
    if (event === 'session:changed') statuses.push(payload as IpcEventPayload<'session:changed'>);
  });
  const launcher = openLauncher({
    desktop,
    log: () => {},
    openWindow: async () => {
      loginWindowsOpened += 1;
      throw new Error('no login window in this test');
    },
  });
  const guard = createClipboardGuard({
    write: (text) => void clipboard.push(text),
    read: () => clipboard.at(-1) ?? '',
  });
  dispatch = createDispatch(
    createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop, launcher, clipboard: guard }),
    () => {},
  );
  expect(await dispatch('session:sign-in', undefined)).toMatchObject({ ok: true, value: { ok: true } });
});
const restarted: DesktopServices[] = [];
afterAll(async () => {
  for (const again of restarted) again.close();
  desktop?.close();
  await bobsBrowser?.close();
  await cysBrowser?.close();
  await world?.close();
  await keyring?.stop();
});

const pull = () => dispatch('sync:pull', { collection: 'credentials', checkpoint: null, limit: 100 });
const LOCKED = { ok: true, value: { ok: false, code: 'locked' } };
const LOCKED_LAUNCH = { ok: true, value: { stage: 'failed', code: 'locked' } };

describe('a locked session refuses everything that reaches a secret or acts for the user', () => {
  it('locks, refuses every such channel, and unlocks only for the same person after Okta asked again', async () => {
    const key = await dispatch('replica:key', undefined);
    expect(key).toMatchObject({ ok: true, value: { ok: true } });
    const replicaKey = key.ok && (key.value as { ok: boolean; value?: { key: string } }).value?.key;
    expect(await pull()).toMatchObject({ ok: true, value: { ok: true } });
    const formsBefore = bobsBrowser.signInFormsShown();

    expect(await dispatch('session:lock', undefined)).toMatchObject({
      ok: true,
      value: { signedIn: true, locked: true, lockedBecause: 'manual' },
    });
    expect(statuses.at(-1)).toMatchObject({ signedIn: true, locked: true });

    const refused = {
      'replica:key': await dispatch('replica:key', undefined),
      'sync:pull': await pull(),
      'sync:push': await dispatch('sync:push', { collection: 'accounts', rows: [] }),
      'api:request': await dispatch('api:request', { method: 'GET', path: '/api/v1/me' }),
      'clipboard:copy': await dispatch('clipboard:copy', { text: 'a secret', clearAfterSeconds: 30 }),
      'session:sign-in': await dispatch('session:sign-in', undefined),
    };
    for (const [channel, answer] of Object.entries(refused)) expect(answer, channel).toMatchObject(LOCKED);
    const launches = [
      await dispatch('launch:open', { accountId: 'acct-shared' }),
      await dispatch('launch:confirm', { launchId: 'launch-1', confirm: true }),
      await dispatch('launch:fill', { launchId: 'launch-1', password: 'x', totpSecret: null }),
    ];
    for (const answer of launches) expect(answer).toMatchObject(LOCKED_LAUNCH);
    expect(clipboard).toEqual([]);
    expect(loginWindowsOpened).toBe(0);
    // Nothing the renderer got while locked carries the key.
    expect(JSON.stringify([refused, launches, statuses])).not.toContain(String(replicaKey));

    // cy walks up to bob's locked desk and signs in at Okta as herself: still locked.
    systemBrowser = cysBrowser;
    const wrongPerson = await dispatch('session:unlock', undefined);
    expect(wrongPerson).toMatchObject({ ok: true, value: { ok: false, code: 'unlock_other_user' } });
    expect(desktop.status()).toMatchObject({ locked: true, user: { email: 'bob@example.com' } });
    expect(await dispatch('replica:key', undefined)).toMatchObject(LOCKED);

    // bob unlocks: the simulator shows its sign-in form although bob's Okta session is alive.
    systemBrowser = bobsBrowser;
    const unlocked = await dispatch('session:unlock', undefined);
    expect(unlocked).toMatchObject({ ok: true, value: { ok: true, value: { signedIn: true, locked: false } } });
    expect(bobsBrowser.signInFormsShown()).toBe(formsBefore + 1);
    const lastAuthorize = new URL(bobsBrowser.opened.at(-1) ?? '');
    expect(lastAuthorize.searchParams.get('prompt')).toBe('login');
    expect(lastAuthorize.searchParams.get('max_age')).toBe('0');
    expect(statuses.at(-1)).toMatchObject({ signedIn: true, locked: false });
    expect(await dispatch('replica:key', undefined)).toEqual(key);
    expect(await pull()).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('quitting a locked app and starting it again does not unlock it', async () => {
    expect(await dispatch('session:lock', undefined)).toMatchObject({ ok: true, value: { locked: true } });
    desktop.close();
    // The next run restores bob's session silently from the keychain, as every start does.
    const again = bobsDesktop();
    restarted.push(again);
    const seen: IpcEventPayload<'session:changed'>[] = [];
    again.onEvent((event, payload) => {
      if (event === 'session:changed') seen.push(payload as IpcEventPayload<'session:changed'>);
    });
    const dispatchAgain = createDispatch(
      createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop: again }),
      () => {},
    );
    expect(await again.start()).toMatchObject({ signedIn: true });
    // Never announced as signed in and unlocked, not even for a moment.
    expect(seen.filter((status) => status.signedIn && !status.locked)).toEqual([]);
    expect(await dispatchAgain('session:status', undefined)).toMatchObject({
      ok: true,
      value: { signedIn: true, locked: true, lockedBecause: 'manual' },
    });
    expect(await dispatchAgain('replica:key', undefined)).toMatchObject(LOCKED);
    expect(await dispatchAgain('sync:pull', { collection: 'credentials', checkpoint: null, limit: 100 })).toMatchObject(
      LOCKED,
    );

    systemBrowser = bobsBrowser;
    expect(await dispatchAgain('session:unlock', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await dispatchAgain('replica:key', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    expect((await keychain.get('session-lock')).ok && (await keychain.get('session-lock'))).toMatchObject({
      value: null,
    });
  });

  it('an Okta sign-in older than the lock does not count: the ID token’s auth_time is checked', async () => {
    // As if Okta had ignored prompt=login and answered from its session: a lock taken a minute
    // from now is newer than any sign-in the simulator can report.
    systemBrowser = bobsBrowser;
    const stale = await desktop.session.reauthenticate(Date.now() + 60_000);
    expect(stale).toMatchObject({ ok: false, code: 'unlock_not_fresh' });
  });
});
