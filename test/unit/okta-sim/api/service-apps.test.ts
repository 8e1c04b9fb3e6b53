import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OAuthError,
  type ServiceApp,
  ServiceApps,
  scopesAllowing,
  verifyClientAssertion,
} from '../../../../okta-sim/api/service-apps';

const CLIENT_ID = '0oaServiceApp0000001';
const TOKEN_URL = 'https://acme.okta.example/oauth2/v1/token';
const NOW = new Date('2026-11-24T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

interface Keys {
  publicJwk: JWK;
  privateKey: CryptoKey;
}
async function rsaKey(kid?: string): Promise<Keys> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { publicJwk: { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}) }, privateKey };
}

let key1: Keys;
let key2: Keys;
let unkeyed: Keys;
beforeAll(async () => {
  [key1, key2, unkeyed] = await Promise.all([rsaKey('k1'), rsaKey('k2'), rsaKey()]);
});

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string;
  exp?: number;
  jti?: string;
}
function sign(privateKey: CryptoKey, kid: string | undefined, over: Claims = {}): Promise<string> {
  const claims: Claims = {
    iss: CLIENT_ID,
    sub: CLIENT_ID,
    aud: TOKEN_URL,
    exp: nowSeconds + 300,
    jti: 'jti-1',
    ...over,
  };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', ...(kid ? { kid } : {}) })
    .setIssuedAt(nowSeconds)
    .sign(privateKey);
}

function verify(assertion: string, app: ServiceApp) {
  return verifyClientAssertion(assertion, {
    findApp: (id) => (id === app.clientId ? app : undefined),
    tokenUrl: TOKEN_URL,
    now: NOW,
  });
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; error: string; description: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(err)}`);
  return { status: err.status, error: err.error, description: err.description };
}

describe('verifyClientAssertion', () => {
  const app = (): ServiceApp => ({ clientId: CLIENT_ID, publicJwks: [key1.publicJwk, key2.publicJwk], scopes: [] });

  it('accepts an assertion signed by the key its kid names', async () => {
    await expect(verify(await sign(key2.privateKey, 'k2'), app())).resolves.toEqual({
      clientId: CLIENT_ID,
      jti: 'jti-1',
      exp: nowSeconds + 300,
    });
  });

  it('without a kid, accepts a signature by any registered key', async () => {
    await expect(verify(await sign(key2.privateKey, undefined), app())).resolves.toMatchObject({ jti: 'jti-1' });
  });

  it('refuses a kid that names another registered key, or none', async () => {
    expect(await refusal(verify(await sign(key1.privateKey, 'k2'), app()))).toEqual({
      status: 401,
      error: 'invalid_client',
      description: 'The client_assertion signature is invalid.',
    });
    expect((await refusal(verify(await sign(key1.privateKey, 'k9'), app()))).error).toBe('invalid_client');
  });

  it('refuses a key that is not registered', async () => {
    const description = 'The client_assertion signature is invalid.';
    expect((await refusal(verify(await sign(unkeyed.privateKey, undefined), app()))).description).toBe(description);
    expect((await refusal(verify(await sign(unkeyed.privateKey, 'k1'), app()))).description).toBe(description);
  });

  it('refuses an unknown issuer and a subject other than the client', async () => {
    expect((await refusal(verify(await sign(key1.privateKey, 'k1', { iss: '0oaOther' }), app()))).description).toBe(
      'The client_assertion issuer is not a registered service app.',
    );
    expect((await refusal(verify(await sign(key1.privateKey, 'k1', { sub: 'someone' }), app()))).description).toBe(
      'The client_assertion token must have iss and sub equal to the client id.',
    );
  });

  it('refuses an audience other than the token endpoint', async () => {
    const other = await sign(key1.privateKey, 'k1', { aud: 'https://acme.okta.example/oauth2/default/v1/token' });
    expect((await refusal(verify(other, app()))).description).toBe(
      'The audience claim for client_assertion must be the endpoint invoked for the request.',
    );
  });

  it('needs exp and jti, refuses an expired assertion and one valid for over an hour', async () => {
    const noExp = await sign(key1.privateKey, 'k1', { exp: undefined });
    expect((await refusal(verify(noExp, app()))).description).toMatch(/'exp' claim: missing/);
    const noJti = await sign(key1.privateKey, 'k1', { jti: undefined });
    expect((await refusal(verify(noJti, app()))).description).toMatch(/'jti' claim: missing/);
    const expired = await sign(key1.privateKey, 'k1', { exp: nowSeconds - 1 });
    expect((await refusal(verify(expired, app()))).description).toBe('The client_assertion token is expired.');
    const hourAhead = await sign(key1.privateKey, 'k1', { exp: nowSeconds + 3600 });
    await expect(verify(hourAhead, app())).resolves.toMatchObject({ exp: nowSeconds + 3600 });
    const tooFar = await sign(key1.privateKey, 'k1', { exp: nowSeconds + 3601 });
    expect((await refusal(verify(tooFar, app()))).description).toBe(
      'The client_assertion token has an expiration too far into the future.',
    );
  });

  it('refuses something that is not a JWT', async () => {
    expect((await refusal(verify('not.a.jwt', app()))).description).toBe(
      'The client_assertion token is not a valid JWT.',
    );
  });
});

describe('ServiceApps', () => {
  function form(assertion: string, scope = 'okta.apps.read'): Record<string, string> {
    return {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
  }

  function registry(clock: { now: Date }, scopes = ['okta.apps.read', 'okta.apps.manage']): ServiceApps {
    const apps = new ServiceApps(() => clock.now);
    apps.register({ clientId: CLIENT_ID, publicJwks: [key1.publicJwk], scopes });
    return apps;
  }

  it('issues an hour-long Bearer token for the requested scopes and honours it until then', async () => {
    const clock = { now: NOW };
    const apps = registry(clock);
    const answer = await apps.requestToken(form(await sign(key1.privateKey, 'k1'), 'okta.apps.read'), TOKEN_URL);
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.apps.read' });
    expect(apps.authenticate(answer.access_token)).toEqual({ clientId: CLIENT_ID, scopes: ['okta.apps.read'] });
    clock.now = new Date(NOW.getTime() + 3_599_999);
    expect(apps.authenticate(answer.access_token)).toBeDefined();
    clock.now = new Date(NOW.getTime() + 3_600_000);
    expect(apps.authenticate(answer.access_token)).toBeUndefined();
    expect(apps.authenticate('never-issued')).toBeUndefined();
  });

  it('refuses a replayed jti, and accepts a new one', async () => {
    const apps = registry({ now: NOW });
    const assertion = await sign(key1.privateKey, 'k1', { jti: 'once' });
    await apps.requestToken(form(assertion), TOKEN_URL);
    expect(await refusal(apps.requestToken(form(assertion), TOKEN_URL))).toEqual({
      status: 401,
      error: 'invalid_client',
      description: 'The client_assertion token has already been used.',
    });
    await expect(
      apps.requestToken(form(await sign(key1.privateKey, 'k1', { jti: 'twice' })), TOKEN_URL),
    ).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses scopes beyond those granted, and a request without scope', async () => {
    const apps = registry({ now: NOW }, ['okta.apps.read']);
    const tooMuch = form(await sign(key1.privateKey, 'k1', { jti: 'a' }), 'okta.apps.read okta.apps.manage');
    expect(await refusal(apps.requestToken(tooMuch, TOKEN_URL))).toEqual({
      status: 400,
      error: 'invalid_scope',
      description: 'The following scopes were requested, but not granted: okta.apps.manage.',
    });
    const none = form(await sign(key1.privateKey, 'k1', { jti: 'b' }), '');
    expect((await refusal(apps.requestToken(none, TOKEN_URL))).error).toBe('invalid_scope');
  });

  it('refuses other grants, missing client authentication and malformed forms', async () => {
    const apps = registry({ now: NOW });
    const assertion = await sign(key1.privateKey, 'k1');
    expect(
      (await refusal(apps.requestToken({ ...form(assertion), grant_type: 'authorization_code' }, TOKEN_URL))).error,
    ).toBe('unsupported_grant_type');
    const { client_assertion: _dropped, ...unauthenticated } = form(assertion);
    expect(await refusal(apps.requestToken(unauthenticated, TOKEN_URL))).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
    expect(
      (await refusal(apps.requestToken({ ...form(assertion), client_assertion_type: 'password' }, TOKEN_URL))).error,
    ).toBe('invalid_client');
    expect(
      (await refusal(apps.requestToken({ ...form(assertion), scope: ['okta.apps.read', 'x'] }, TOKEN_URL))).error,
    ).toBe('invalid_request');
    expect((await refusal(apps.requestToken(undefined, TOKEN_URL))).status).toBe(400);
    expect((await refusal(apps.requestToken({ ...form(assertion), client_id: '0oaOther' }, TOKEN_URL))).error).toBe(
      'invalid_client',
    );
  });

  it('ends a client’s tokens on request and leaves other clients’ alone', async () => {
    const apps = registry({ now: NOW });
    apps.register({ clientId: 'other', publicJwks: [key2.publicJwk], scopes: ['okta.apps.read'] });
    const mine = await apps.requestToken(form(await sign(key1.privateKey, 'k1')), TOKEN_URL);
    const theirs = await apps.requestToken(
      form(await sign(key2.privateKey, 'k2', { iss: 'other', sub: 'other' })),
      TOKEN_URL,
    );
    apps.expireTokens(CLIENT_ID);
    expect(apps.authenticate(mine.access_token)).toBeUndefined();
    expect(apps.authenticate(theirs.access_token)).toMatchObject({ clientId: 'other' });
  });

  it('refuses to register a private key or no key at all', async () => {
    const apps = new ServiceApps(() => NOW);
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    expect(() => apps.register({ clientId: 'x', publicJwks: [], scopes: [] })).toThrow(/at least one public key/);
    const privateJwk = await exportJWK(privateKey);
    expect(() => apps.register({ clientId: 'x', publicJwks: [privateJwk], scopes: [] })).toThrow(/not the private/);
  });
});

describe('scopesAllowing', () => {
  it('lets read or manage scopes read, and only manage scopes change, per resource family', () => {
    expect(scopesAllowing('GET', '/api/v1/apps')).toEqual(['okta.apps.read', 'okta.apps.manage']);
    expect(scopesAllowing('HEAD', '/api/v1/apps/0oa1/users')).toEqual(['okta.apps.read', 'okta.apps.manage']);
    expect(scopesAllowing('POST', '/api/v1/apps')).toEqual(['okta.apps.manage']);
    expect(scopesAllowing('DELETE', '/api/v1/apps/0oa1/users/00u1')).toEqual(['okta.apps.manage']);
    expect(scopesAllowing('GET', '/api/v1/users/00u1')).toEqual(['okta.users.read', 'okta.users.manage']);
    expect(scopesAllowing('POST', '/api/v1/users/00u1/lifecycle/deactivate')).toEqual(['okta.users.manage']);
    expect(scopesAllowing('PUT', '/api/v1/groups/00g1/users/00u1')).toEqual(['okta.groups.manage']);
    expect(scopesAllowing('GET', '/api/v1/applications')).toBeNull();
    expect(scopesAllowing('GET', '/api/v1/logs')).toBeNull();
  });
});
