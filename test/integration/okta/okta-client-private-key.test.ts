/**
 * The SDK-backed Okta client as an OAuth 2.0 service app (`private_key_jwt`) against the
 * simulator's org authorization server, over real HTTP: the SDK's own token request, Bearer
 * calls, scopes, refusals as the reconciler sees them, and what the request log keeps.
 */
import { exportPKCS8 } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import type { OktaApps, OktaAuth } from '../../../sync-server/okta/okta-client';
import {
  appRoundTrip,
  callLines,
  clientAssertion,
  type Keys,
  keyPair,
  roundTripCalls,
  serviceAppClient,
  TOKEN_PATH,
  tokenRequest,
} from './service-app-support';

const CLIENT_ID = '0oaServiceApp0000001';
const KEY_ID = 'latchkey-key-1';

describe('Okta client as a service app (private_key_jwt)', () => {
  let sim: OktaSim;
  let key: Keys;
  const clients: OktaApps[] = [];
  const users = oktaUserSeed(3);
  /** Statuses of the SDK's token requests, as its request executor saw them. */
  let tokenAnswers: (number | string)[] = [];

  function client(auth: Partial<Extract<OktaAuth, { kind: 'privateKey' }>> = {}): OktaApps {
    const c = serviceAppClient({ orgUrl: sim.url, clientId: CLIENT_ID, keyId: KEY_ID, key, tokenAnswers, auth });
    clients.push(c);
    return c;
  }

  beforeEach(async () => {
    key = await keyPair(KEY_ID);
    tokenAnswers = [];
    sim = await startOktaSim({
      port: 0,
      seed: { users },
      serviceApps: [
        { clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.read', 'okta.apps.manage'] },
      ],
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.close();
  });

  it('creates a bookmark app, assigns a user and reads both back with one Bearer token', async () => {
    const url = 'https://latchkey.example/launch/acct-1';
    const label = 'Contentzilla - Instagram';
    const { appId, app, assignees } = await appRoundTrip(client(), { label, url, userId: users[0]?.id ?? '' });

    expect(app).toEqual({ appId, label, url, status: 'ACTIVE' });
    expect(assignees).toEqual([users[0]?.id]);
    expect(tokenAnswers).toEqual([200]);

    const logged = sim.requests();
    expect(callLines(logged)).toEqual(roundTripCalls(appId));
    expect(logged.every((r) => r.headers.authorization === 'Bearer [redacted]')).toBe(true);
    // Neither the client assertion nor the SDK's DPoP proof (both JWTs) reached the log.
    expect(JSON.stringify(logged)).not.toMatch(/eyJ|client_assertion|oauth2/);
  });

  it('accepts the private key as a PKCS#8 PEM file', async () => {
    const okta = client({ privateKey: await exportPKCS8(key.privateKey) });
    const appId = await okta.createBookmarkApp('Pem - Key', 'https://latchkey.example/launch/pem');
    expect((await okta.getApp(appId))?.label).toBe('Pem - Key');
  });

  it('fetches a new token once the old one stops working, and carries on', async () => {
    const okta = client();
    const appId = await okta.createBookmarkApp('Long - Running', 'https://latchkey.example/launch/long');
    sim.expireServiceAppTokens(CLIENT_ID);

    expect((await okta.getApp(appId))?.label).toBe('Long - Running');
    expect(tokenAnswers).toEqual([200, 200]);
    expect(callLines(sim.requests())).toEqual([
      'POST /api/v1/apps 200',
      `GET /api/v1/apps/${appId} 401`,
      `GET /api/v1/apps/${appId} 200`,
    ]);
  });

  it('fails with unauthorized when the key is not the one registered for the app', async () => {
    const stranger = await keyPair(KEY_ID);
    const okta = client({ privateKey: JSON.stringify(stranger.privateJwk) });

    await expect(okta.createBookmarkApp('Wrong - Key', 'https://latchkey.example/launch/wrong')).rejects.toMatchObject({
      name: 'OktaCallError',
      code: 'unauthorized',
      status: 401,
      oktaErrorCode: 'invalid_client',
      message: expect.stringMatching(/^create app: Okta refused the service app's token request \(invalid_client\): /),
    });
    // The org server's refusal is what the admin sees (SDK 8.1 alone would send the call with
    // `Bearer undefined` and report the Management API's E0000011: src/oauth.js calls
    // `Http.errorFilter` on the module, which is undefined; governed-executor.ts stops it there).
    // The SDK asks for a token once more after any 401; no Management API call is made.
    expect(tokenAnswers).toEqual([401, 401]);
    expect(sim.requests()).toEqual([]);
    expect([...sim.directory.apps.values()].filter((a) => a.name === 'bookmark')).toEqual([]);
  });

  it('lets a read-only service app read but answers 403 E0000006 when it creates', async () => {
    sim.registerServiceApp({ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.read'] });
    const okta = client({ scopes: ['okta.apps.read'] });

    expect(await okta.getApp('0oaDoesNotExist000000')).toBeNull();
    await expect(okta.createBookmarkApp('Read - Only', 'https://latchkey.example/launch/ro')).rejects.toMatchObject({
      name: 'OktaCallError',
      code: 'unauthorized',
      status: 403,
      oktaErrorCode: 'E0000006',
      message: 'create app: You do not have permission to perform the requested action',
    });
    expect(callLines(sim.requests())).toEqual(['GET /api/v1/apps/0oaDoesNotExist000000 404', 'POST /api/v1/apps 403']);
  });

  it('refuses a token for scopes the app was not granted', async () => {
    sim.registerServiceApp({ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.read'] });
    const okta = client();
    await expect(okta.createBookmarkApp('Too - Much', 'https://latchkey.example/launch/tm')).rejects.toMatchObject({
      code: 'unauthorized',
      status: 400,
      oktaErrorCode: 'invalid_scope',
      message: expect.stringContaining("Okta refused the service app's token request (invalid_scope)"),
    });
    expect(tokenAnswers).toEqual([400]);
    expect(sim.requests()).toEqual([]);
  });
});

describe('the org token endpoint and Bearer calls over raw HTTP', () => {
  let sim: OktaSim;
  let key: Keys;

  beforeEach(async () => {
    key = await keyPair(KEY_ID);
    sim = await startOktaSim({ port: 0 });
    sim.registerServiceApp({ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.read'] });
  });
  afterEach(async () => {
    await sim.close();
  });

  const assertion = (jti: string) => clientAssertion({ orgUrl: sim.url, clientId: CLIENT_ID, kid: KEY_ID, key, jti });
  // "Require DPoP" is off: any DPoP header is ignored, not validated.
  const requestToken = (signed: string, scope = 'okta.apps.read') =>
    tokenRequest(sim.url, { clientAssertion: signed, scope, dpop: 'not-even-a-jwt' });

  it('issues a Bearer token the Management API accepts, rate-limits and logs without secrets', async () => {
    const signed = await assertion('jti-1');
    const res = await requestToken(signed);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = (await res.json()) as { token_type: string; expires_in: number; access_token: string; scope: string };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.apps.read' });

    const list = await fetch(`${sim.url}/api/v1/apps`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-rate-limit-limit')).toBe('100');
    expect(list.headers.get('x-rate-limit-remaining')).toBe('99');
    expect(sim.counters().byBucket).toEqual({ 'api/v1/apps': 1 });

    const users = await fetch(`${sim.url}/api/v1/users`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(users.status).toBe(403);
    expect(users.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(await users.json()).toMatchObject({ errorCode: 'E0000006' });

    const log = JSON.stringify(sim.requests());
    expect(log).not.toContain(token.access_token);
    expect(log).not.toContain(signed);
    expect(sim.requests().map((r) => r.headers.authorization)).toEqual(['Bearer [redacted]', 'Bearer [redacted]']);
  });

  it('refuses a replayed assertion with invalid_client', async () => {
    const signed = await assertion('jti-once');
    expect((await requestToken(signed)).status).toBe(200);
    const replay = await requestToken(signed);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The client_assertion token has already been used.',
    });
  });

  it('refuses scopes the app was not granted with 400 invalid_scope', async () => {
    const res = await requestToken(await assertion('jti-scope'), 'okta.apps.read okta.apps.manage');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'The following scopes were requested, but not granted: okta.apps.manage.',
    });
  });

  it('answers an unknown Bearer token with 401 E0000011 and an invalid_token challenge', async () => {
    const res = await fetch(`${sim.url}/api/v1/apps`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await res.json()).toMatchObject({ errorCode: 'E0000011' });
  });

  it('refuses other grant types and non-form bodies in OAuth shape', async () => {
    const password = await fetch(`${sim.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'a', password: 'b' }),
    });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const json = await fetch(`${sim.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });
});
