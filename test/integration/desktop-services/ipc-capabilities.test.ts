import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../../dev/stack/private-keyring';
import { createDispatch } from '../../../main/ipc/dispatch';
import { createIpcHandlers } from '../../../main/ipc/handlers';
import { createAppInfoService } from '../../../main/services/app-info';
import { createDesktopServices, type DesktopServices } from '../../../main/services/desktop-services';
import { openKeychainSecretStore } from '../../../main/services/secret-store/keychain-secret-store';
import type { SecretStore } from '../../../main/services/secret-store/secret-store';
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

/**
 * The renderer's view of the desktop services, through the same dispatch both hosts use:
 * it can sign in and out and learn who is signed in, and never receives a token.
 */
describe('session capabilities over the IPC contract', () => {
  let keyring: PrivateKeyring;
  let sim: OktaSim;
  let browser: SystemBrowser;
  let store: SecretStore;
  let desktop: DesktopServices;
  const events: Array<{ event: string; payload: unknown }> = [];

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    store = await openKeychainSecretStore(`latchkey-it-${randomUUID()}`);
    sim = await startOktaSim({ port: 0, seed: { users: [GRACE] } });
    browser = await launchSystemBrowser({ username: GRACE.login, password: GRACE.password });
    desktop = createDesktopServices({
      config: {
        issuer: sim.issuer,
        clientId: sim.clientId,
        audience: sim.audience,
        syncServerUrl: 'http://127.0.0.1:9',
      },
      secretStore: store,
      openExternal: browser.openExternal,
    });
    desktop.onEvent((event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    try {
      desktop?.close();
      await browser?.close();
      await sim?.close();
    } finally {
      await keyring?.stop();
    }
  });

  it('signs in and out through the contract, and no answer or event carries a token', async () => {
    const dispatch = createDispatch(createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop }), () => {});
    expect(await dispatch('session:status', undefined)).toMatchObject({ ok: true, value: { signedIn: false } });

    const signedIn = await dispatch('session:sign-in', undefined);
    expect(signedIn).toMatchObject({
      ok: true,
      value: {
        ok: true,
        value: { signedIn: true, remembered: true, user: { email: GRACE.email, name: 'Grace Hopper' } },
      },
    });
    const accessToken = await desktop.session.accessToken();
    const refreshToken = await store.get('oidc-refresh-token');
    const secrets = [accessToken.ok ? accessToken.value : '', refreshToken.ok ? (refreshToken.value ?? '') : ''];
    expect(secrets.every((secret) => secret.length > 20)).toBe(true);

    const status = await dispatch('session:status', undefined);
    const signedOut = await dispatch('session:sign-out', undefined);
    expect(signedOut).toMatchObject({ ok: true, value: { ok: true, value: { refreshTokenRevoked: true } } });
    expect(events.map((e) => e.event)).toContain('session:changed');

    const everythingTheRendererSaw = JSON.stringify([signedIn, status, signedOut, events]);
    for (const secret of secrets) expect(everythingTheRendererSaw).not.toContain(secret);
    expect(everythingTheRendererSaw).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it('refuses api calls outside the allow-list before any request is made', async () => {
    const dispatch = createDispatch(createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop }), () => {});
    expect(await dispatch('api:request', { method: 'GET', path: '/scim/v2/Users' })).toMatchObject({
      ok: true,
      value: { ok: false, code: 'route_not_allowed' },
    });
    // A Login-only user's secrets reach the login window through the host, never the renderer.
    const secrets = { method: 'POST', path: '/api/v1/launch/acct-1/secrets', body: { launchId: 'x'.repeat(16) } };
    expect(await dispatch('api:request', secrets)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'route_not_allowed' },
    });
  });

  it('answers not_configured when the host has no desktop services', async () => {
    const dispatch = createDispatch(createIpcHandlers({ appInfo: createAppInfoService('browser') }), () => {});
    expect(await dispatch('session:sign-in', undefined)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'not_configured' },
    });
    expect(await dispatch('session:status', undefined)).toMatchObject({ ok: true, value: { signedIn: false } });
  });
});
