/**
 * A person Okta deprovisions keeps their laptop. Before, their desktop app went on holding the
 * refresh token and the replica's encryption key in the keychain after the server answered
 * `403 user_inactive`, so the replica on disk stayed readable. Now the first call that meets
 * `user_inactive` — a pull, a push, a REST call or the live stream — ends the session in main:
 * refresh token, remembered profile and replica key are deleted from the keychain, nothing is
 * left in memory to send, and `session:wipe` tells the renderer to remove its replica.
 *
 * Everything is real: the Okta simulator signs bob in through a real browser, the sync server runs
 * on PGlite, SCIM deactivates him over HTTP, the keychain is a private gnome-keyring, and the calls
 * go through the IPC dispatch both hosts use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../dev/stack/private-keyring';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { IpcEventPayload } from '../../domain/ipc-contract';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createAppInfoService } from '../../main/services/app-info';
import { createDesktopServices, type DesktopServices } from '../../main/services/desktop-services';
import { openKeychainSecretStore } from '../../main/services/secret-store/keychain-secret-store';
import {
  type SecretAccount,
  type SecretStore,
  unavailableSecretStore,
} from '../../main/services/secret-store/secret-store';
import { rotateScimToken } from '../../sync-server/scim/token';
import { launchSystemBrowser, type SystemBrowser } from '../integration/desktop-services/browser-driver';

let keyring: PrivateKeyring;
let world: SyncWorld;
let browser: SystemBrowser;
let keychain: SecretStore;
let scimToken: string;
const opened: DesktopServices[] = [];

beforeAll(async () => {
  // libdbus reads the bus address once per process: the private keyring comes before any keychain use.
  keyring = await startPrivateKeyring();
  keychain = await openKeychainSecretStore(`latchkey-security-${randomUUID()}`);
  expect(keychain.availability.available).toBe(true);
  world = await startSyncWorld('pglite');
  browser = await launchSystemBrowser({ username: 'bob@example.com', password: 'Passw0rd!' });
  scimToken = (await rotateScimToken(world.server.db, 'security-test')).token;
});
afterAll(async () => {
  for (const desktop of opened) desktop.close();
  await browser?.close();
  await world?.close();
  await keyring?.stop();
});

/** Okta's SCIM client sets `active` on bob (RFC 7644 §3.5.2), as a deprovisioning does. */
async function setBobActive(active: boolean): Promise<void> {
  const res = await fetch(`${world.server.url}/scim/v2/Users/${world.users.bob.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active } }],
    }),
  });
  expect(res.status).toBe(200);
}

interface SignedInDevice {
  desktop: DesktopServices;
  dispatch: Dispatch;
  /** Resolves with the first `session:wipe` main emits. */
  wiped: Promise<IpcEventPayload<'session:wipe'>>;
  /** Resolves once the live stream is up (its first event, RESYNC, was relayed). */
  streaming: Promise<void>;
  /** From now on the live stream cannot reconnect, so only the call under test can meet the 403. */
  holdStream(): void;
}

async function signedInDevice(store: SecretStore): Promise<SignedInDevice> {
  let streamHeld = false;
  const held: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!streamHeld || !url.includes('/api/v1/replication/stream')) return fetch(input, init);
    // A connection that never answers, until the stream gives up on it.
    return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  };
  const desktop = createDesktopServices({
    fetch: held,
    config: {
      issuer: world.sim.issuer,
      clientId: world.sim.clientId,
      audience: world.sim.audience,
      syncServerUrl: world.server.url,
    },
    secretStore: store,
    openExternal: browser.openExternal,
  });
  opened.push(desktop);
  const wiped = new Promise<IpcEventPayload<'session:wipe'>>((resolve) => {
    desktop.onEvent((event, payload) => {
      if (event === 'session:wipe') resolve(payload as IpcEventPayload<'session:wipe'>);
    });
  });
  const streaming = new Promise<void>((resolve) =>
    desktop.onEvent((event) => {
      if (event === 'sync:event') resolve();
    }),
  );
  const dispatch = createDispatch(createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop }), () => {});
  expect(await dispatch('session:sign-in', undefined)).toMatchObject({ ok: true, value: { ok: true } });
  return {
    desktop,
    dispatch,
    wiped,
    streaming,
    holdStream: () => {
      streamHeld = true;
    },
  };
}

const stored = async (account: SecretAccount) => {
  const entry = await keychain.get(account);
  return entry.ok ? entry.value : `unavailable: ${entry.reason}`;
};

/** The calls a desktop makes on its user's behalf; each one may be the first to meet the deactivation. */
const triggers: Record<string, (device: SignedInDevice) => Promise<unknown>> = {
  'a replication pull': ({ dispatch }) =>
    dispatch('sync:pull', { collection: 'credentials', checkpoint: null, limit: 100 }),
  'a replication push': ({ dispatch }) => dispatch('sync:push', { collection: 'accounts', rows: [] }),
  'a REST call': ({ dispatch }) => dispatch('api:request', { method: 'GET', path: '/api/v1/okta/status' }),
  // Nothing to call: the server ends bob's live stream, and its reconnection meets the 403.
  'the live stream': async () => undefined,
};

describe('a deactivated user’s device forgets every secret it holds', () => {
  beforeEach(async () => setBobActive(true));

  it.each(Object.keys(triggers))('when %s answers 403 user_inactive', async (trigger) => {
    const device = await signedInDevice(keychain);
    expect(await device.dispatch('replica:key', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await stored('oidc-refresh-token')).toEqual(expect.any(String));
    expect(await stored('replica-encryption-key')).toEqual(expect.any(String));
    // The live stream is up before Okta deprovisions bob.
    await device.streaming;

    if (trigger !== 'the live stream') device.holdStream();
    await setBobActive(false);
    await triggers[trigger]?.(device);

    expect(await device.wiped).toEqual({ reason: 'user-inactive' });
    expect(await stored('oidc-refresh-token')).toBeNull();
    expect(await stored('oidc-profile')).toBeNull();
    expect(await stored('replica-encryption-key')).toBeNull();
    // Nothing left in memory to send or to hand out: no token, no new key for a renderer that asks.
    expect(await device.desktop.session.accessToken()).toMatchObject({ ok: false, code: 'not_signed_in' });
    expect(await device.dispatch('session:status', undefined)).toMatchObject({
      ok: true,
      value: { signedIn: false, user: null, signedOutBecause: 'user-inactive' },
    });
    expect(await device.dispatch('replica:key', undefined)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'not_signed_in' },
    });
    expect(await stored('replica-encryption-key')).toBeNull();
    expect(
      await device.dispatch('sync:pull', { collection: 'credentials', checkpoint: null, limit: 100 }),
    ).toMatchObject({ ok: true, value: { ok: false, code: 'not_signed_in' } });
  });

  it('without a keychain, the in-memory session ends the same way and the renderer is told to wipe', async () => {
    const device = await signedInDevice(unavailableSecretStore('no Secret Service (test)'));
    expect(device.desktop.session.status()).toMatchObject({ signedIn: true, remembered: false });
    await setBobActive(false);
    await triggers['a replication pull']?.(device);
    expect(await device.wiped).toEqual({ reason: 'user-inactive' });
    expect(await device.desktop.session.accessToken()).toMatchObject({ ok: false, code: 'not_signed_in' });
  });

  it('another refusal (a forbidden route) ends nothing', async () => {
    const device = await signedInDevice(keychain);
    expect(await device.dispatch('replica:key', undefined)).toMatchObject({ ok: true, value: { ok: true } });
    // bob is not the workspace Owner: the SCIM token route answers 403 with another code.
    const refused = await device.dispatch('api:request', { method: 'GET', path: '/api/v1/scim-token' });
    expect(refused).toMatchObject({ ok: true, value: { ok: true, value: { status: 403 } } });
    expect(device.desktop.session.status()).toMatchObject({ signedIn: true });
    expect(await stored('replica-encryption-key')).toEqual(expect.any(String));
    await device.dispatch('session:sign-out', undefined);
    expect(await device.wiped).toEqual({ reason: 'signed-out' });
    expect(await stored('replica-encryption-key')).toBeNull();
  });
});
