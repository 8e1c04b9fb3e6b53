import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../../dev/stack/private-keyring';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { createDesktopServices, type DesktopServices } from '../../../main/services/desktop-services';
import { openKeychainSecretStore } from '../../../main/services/secret-store/keychain-secret-store';
import type { SecretStore } from '../../../main/services/secret-store/secret-store';
import { launchSystemBrowser, type SystemBrowser } from './browser-driver';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The whole desktop side against the real parts: Okta simulator (OIDC), sync server (PGlite),
 * gnome-keyring, Chromium as the system browser. The access token the desktop obtains through the
 * real authorization code flow is the one the sync server accepts.
 */
describe('desktop services end to end', () => {
  let keyring: PrivateKeyring;
  let world: SyncWorld;
  let browser: SystemBrowser;
  let store: SecretStore;
  const opened: DesktopServices[] = [];

  const open = () => {
    const desktop = createDesktopServices({
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
    const events: Array<{ event: string; payload: unknown }> = [];
    desktop.onEvent((event, payload) => events.push({ event, payload }));
    return { desktop, events };
  };

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    store = await openKeychainSecretStore(`latchkey-it-${randomUUID()}`);
    world = await startSyncWorld('pglite');
    browser = await launchSystemBrowser({ username: 'bob@example.com', password: 'Passw0rd!' });
  });
  afterAll(async () => {
    try {
      for (const desktop of opened) desktop.close();
      await browser?.close();
      await world?.close();
    } finally {
      await keyring?.stop();
    }
  });

  it('signs in, replicates what the user may see, follows the live stream, and comes back after a restart', async () => {
    const { desktop, events } = open();
    expect(await desktop.sync.pull({ collection: 'accounts', checkpoint: null, limit: 50 })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });

    expect(await desktop.session.signIn()).toMatchObject({ ok: true, value: { user: { email: 'bob@example.com' } } });
    const pulled = await desktop.sync.pull({ collection: 'accounts', checkpoint: null, limit: 50 });
    expect(pulled.ok && pulled.value.documents.map((d) => d.id).sort()).toEqual(['acct-shared']);

    // Signing in starts the live stream; the server opens it with RESYNC.
    await until(() => events.some((e) => e.event === 'sync:event'), 'the live stream');
    expect(events.find((e) => e.event === 'sync:event')?.payload).toEqual({ type: 'RESYNC' });
    expect(events).toContainEqual({ event: 'sync:connectivity-changed', payload: 'online' });

    // A change pushed from this desktop is audited with this installation's device id.
    const shared = pulled.ok ? pulled.value.documents.find((d) => d.id === 'acct-shared') : undefined;
    const pushed = await desktop.sync.push({
      collection: 'accounts',
      rows: [{ assumedMasterState: shared, newDocumentState: { ...shared, labels: ['social', 'bobs-pick'] } }],
    });
    expect(pushed).toEqual({ ok: true, value: { conflicts: [] } });
    const device = await store.get('device-id');
    const audit = await world.server.db.query<{ device_id: string | null }>(
      `select device_id from audit_events where collection = 'accounts' and record_id = 'acct-shared'
       order by seq desc limit 1`,
    );
    expect(audit[0]?.device_id).toBe(device.ok ? device.value : 'no device id in the keychain');
    desktop.close();

    // Restart: silent sign-in from the keychain, stream again, no browser.
    const openedBefore = browser.opened.length;
    const restarted = open();
    expect(await restarted.desktop.start()).toMatchObject({ signedIn: true, remembered: true });
    await until(() => restarted.events.some((e) => e.event === 'sync:event'), 'the live stream after restart');
    expect(browser.opened.length).toBe(openedBefore);

    expect((await restarted.desktop.session.signOut()).ok).toBe(true);
    expect(await restarted.desktop.sync.pull({ collection: 'accounts', checkpoint: null, limit: 50 })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
    // Signed out, then told to wipe: by then main has deleted the replica key as well.
    expect(restarted.events.at(-2)).toMatchObject({
      event: 'session:changed',
      payload: { signedIn: false, signedOutBecause: 'signed-out' },
    });
    expect(restarted.events.at(-1)).toEqual({ event: 'session:wipe', payload: { reason: 'signed-out' } });
  });
});
