import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../../dev/stack/private-keyring';
import { openKeychainSecretStore } from '../../../main/services/secret-store/keychain-secret-store';
import { type SecretStore, unavailableSecretStore } from '../../../main/services/secret-store/secret-store';
import { createSessionService } from '../../../main/services/session/session-service';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { launchSystemBrowser, type SystemBrowser } from './browser-driver';

const ADA = {
  id: `00u${'ada'.padEnd(17, '0')}`,
  login: 'ada@example.com',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: 'correct horse battery staple',
};

describe('desktop sign-in against the Okta simulator (real OIDC, real Chromium, real keychain)', () => {
  let keyring: PrivateKeyring;
  let sim: OktaSim;
  let browser: SystemBrowser;
  let store: SecretStore;
  const keychainService = `latchkey-it-${randomUUID()}`;

  const configFor = (overrides: Partial<{ signInTimeoutMs: number }> = {}) => ({
    issuer: sim.issuer,
    clientId: sim.clientId,
    audience: sim.audience,
    syncServerUrl: 'http://127.0.0.1:9/',
    ...overrides,
  });
  const noBrowser = async (url: string) => {
    throw new Error(`the app opened a browser when it should not have: ${url}`);
  };

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    store = await openKeychainSecretStore(keychainService);
    sim = await startOktaSim({ port: 0, seed: { users: [ADA] } });
    browser = await launchSystemBrowser({ username: ADA.login, password: ADA.password });
  });
  afterAll(async () => {
    try {
      await browser?.close();
      await sim?.close();
    } finally {
      await keyring?.stop();
    }
  });

  it('signs in through the browser, then remembers the sign-in across a restart, then signs out for good', async () => {
    const first = createSessionService({ config: configFor(), secretStore: store, openExternal: browser.openExternal });
    const signedIn = await first.signIn();
    expect(signedIn).toMatchObject({
      ok: true,
      value: { signedIn: true, remembered: true, user: { subject: ADA.id, email: ADA.email, name: 'Ada Lovelace' } },
    });
    expect(browser.signInFormsShown()).toBe(1);

    // What went to the browser: PKCE S256, state, nonce, a loopback redirect (RFC 7636, RFC 8252).
    const authorize = new URL(browser.opened[0] ?? '');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(authorize.searchParams.get('scope')).toContain('offline_access');

    // The access token is for the sync server's audience and the signed-in user.
    const access = await first.accessToken();
    expect(access.ok).toBe(true);
    const claims = decodeJwt(access.ok ? access.value : '');
    expect(claims.aud).toBe(sim.audience);
    expect(claims.sub).toBe(ADA.id);

    const stored = await store.get('oidc-refresh-token');
    expect(stored.ok && stored.value).toBeTruthy();

    // "Restart": a new service over the same keychain signs in silently, no browser, no typing.
    const second = createSessionService({ config: configFor(), secretStore: store, openExternal: noBrowser });
    expect(second.status().signedIn).toBe(false);
    expect(await second.restore()).toMatchObject({ ok: true, value: { signedIn: true, user: { subject: ADA.id } } });
    // Okta rotates refresh tokens: the keychain now holds the new one.
    const rotated = await store.get('oidc-refresh-token');
    expect(rotated.ok && rotated.value).toBeTruthy();
    expect(rotated.ok && rotated.value).not.toBe(stored.ok && stored.value);

    const signOut = await second.signOut();
    expect(signOut).toEqual({ ok: true, value: { refreshTokenRevoked: true, idpSessionEndRequested: false } });
  });

  it('sign-out revokes the refresh token, empties the keychain and ends the Okta session', async () => {
    const session = createSessionService({
      config: configFor(),
      secretStore: store,
      openExternal: browser.openExternal,
    });
    expect((await session.signIn()).ok).toBe(true);
    const stored = await store.get('oidc-refresh-token');
    const refreshToken = stored.ok ? stored.value : null;
    expect(refreshToken).toBeTruthy();
    const formsBefore = browser.signInFormsShown();

    expect(await session.signOut()).toEqual({
      ok: true,
      value: { refreshTokenRevoked: true, idpSessionEndRequested: true },
    });
    expect(session.status()).toMatchObject({ signedIn: false, user: null });
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    expect(await session.accessToken()).toMatchObject({ ok: false, code: 'not_signed_in' });

    // The revoked refresh token is dead at the token endpoint.
    const server = await oidc.discovery(new URL(sim.issuer), sim.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    await expect(oidc.refreshTokenGrant(server, refreshToken ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });

    // Okta's browser session ended too: the next sign-in asks for the password again.
    const again = createSessionService({ config: configFor(), secretStore: store, openExternal: browser.openExternal });
    expect((await again.signIn()).ok).toBe(true);
    expect(browser.signInFormsShown()).toBe(formsBefore + 1);
    await again.signOut();
  });

  it('a restart after sign-out asks for a sign-in instead of restoring', async () => {
    const session = createSessionService({ config: configFor(), secretStore: store, openExternal: noBrowser });
    expect(await session.restore()).toMatchObject({ ok: false, code: 'not_signed_in' });
  });

  it('refreshes an expiring access token silently and keeps the rotated refresh token', async () => {
    let clock = Date.now();
    const session = createSessionService({
      config: configFor(),
      secretStore: store,
      openExternal: browser.openExternal,
      now: () => clock,
    });
    expect((await session.signIn()).ok).toBe(true);
    const before = await session.accessToken();
    const storedBefore = await store.get('oidc-refresh-token');
    clock += 3600 * 1000;
    const after = await session.accessToken();
    expect(after.ok && before.ok && after.value !== before.value).toBe(true);
    const storedAfter = await store.get('oidc-refresh-token');
    expect(storedAfter.ok && storedAfter.value).not.toBe(storedBefore.ok && storedBefore.value);
    await session.signOut();
  });

  it('without a keychain the session works but lives in memory only, and says so', async () => {
    const noKeychain = unavailableSecretStore('no Secret Service on this desktop');
    const session = createSessionService({
      config: configFor(),
      secretStore: noKeychain,
      openExternal: browser.openExternal,
    });
    expect(await session.signIn()).toMatchObject({
      ok: true,
      value: { signedIn: true, remembered: false, persistenceUnavailableReason: 'no Secret Service on this desktop' },
    });
    const restarted = createSessionService({ config: configFor(), secretStore: noKeychain, openExternal: noBrowser });
    expect(await restarted.restore()).toMatchObject({ ok: false, code: 'not_signed_in' });
    await session.signOut();
  });

  it('gives up when the browser never comes back, and closes the listener', async () => {
    let redirectUri = '';
    const session = createSessionService({
      config: configFor({ signInTimeoutMs: 200 }),
      secretStore: store,
      openExternal: async (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      },
    });
    expect(await session.signIn()).toMatchObject({ ok: false, code: 'sign_in_timeout' });
    await expect(fetch(`${redirectUri}?code=x&state=y`)).rejects.toThrow(TypeError);
    expect(session.status().signedIn).toBe(false);
  });

  it('ends a remembered sign-in whose refresh token Okta no longer honours', async () => {
    const session = createSessionService({
      config: configFor(),
      secretStore: store,
      openExternal: browser.openExternal,
    });
    expect((await session.signIn()).ok).toBe(true);
    const stored = await store.get('oidc-refresh-token');
    // An admin revokes the grant in Okta while the app is closed.
    const server = await oidc.discovery(new URL(sim.issuer), sim.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    await oidc.tokenRevocation(server, stored.ok ? (stored.value ?? '') : '', { token_type_hint: 'refresh_token' });

    const restarted = createSessionService({ config: configFor(), secretStore: store, openExternal: noBrowser });
    expect(await restarted.restore()).toMatchObject({ ok: false, code: 'session_expired' });
    expect(restarted.status().signedIn).toBe(false);
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
  });

  it('keeps the remembered sign-in when Okta cannot be reached at start-up', async () => {
    await store.set('oidc-refresh-token', 'still-valid-for-all-we-know');
    const unreachable = 'http://127.0.0.1:9/oauth2/default';
    const session = createSessionService({
      config: { ...configFor(), issuer: unreachable },
      secretStore: store,
      openExternal: noBrowser,
    });
    expect(await session.restore()).toMatchObject({ ok: false, code: 'idp_unreachable' });
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: 'still-valid-for-all-we-know' });
    await store.delete('oidc-refresh-token');
  });

  it('opens the browser once when sign-in is asked for twice at the same time', async () => {
    const openedBefore = browser.opened.length;
    const session = createSessionService({
      config: configFor(),
      secretStore: store,
      openExternal: browser.openExternal,
    });
    const [a, b] = await Promise.all([session.signIn(), session.signIn()]);
    expect(a.ok && b.ok).toBe(true);
    expect(browser.opened.length - openedBefore).toBe(1);
    await session.signOut();
  });

  it('without offline_access nothing is remembered and an expired token ends the session', async () => {
    let clock = Date.now();
    const session = createSessionService({
      config: { ...configFor(), scopes: ['openid', 'profile', 'email'] },
      secretStore: store,
      openExternal: browser.openExternal,
      now: () => clock,
    });
    expect(await session.signIn()).toMatchObject({ ok: true, value: { signedIn: true, remembered: false } });
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    clock += 3600 * 1000;
    expect(await session.accessToken()).toMatchObject({ ok: false, code: 'session_expired' });
    expect(session.status().signedIn).toBe(false);
  });

  it('refuses a plain-http issuer that is not on this machine', async () => {
    const session = createSessionService({
      config: { ...configFor(), issuer: 'http://login.example.com/oauth2/default' },
      secretStore: store,
      openExternal: noBrowser,
    });
    expect(await session.signIn()).toMatchObject({ ok: false, code: 'insecure_url' });
  });
});
