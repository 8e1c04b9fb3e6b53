import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { formAction, TestBrowser } from './support/browser';
import { ALICE, CAROL, TEST_SEED } from './support/seed';

// The desktop listens on an ephemeral loopback port; RFC 8252 §7.3 says the port must not matter.
const REDIRECT_URI = 'http://127.0.0.1:49152/callback';

let sim: OktaSim;
let config: oidc.Configuration;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED });
  config = await oidc.discovery(new URL(sim.issuer), sim.clientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
afterAll(async () => {
  await sim.close();
});

async function authorize(browser: TestBrowser, scope = 'openid profile email offline_access') {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const landed = await browser.navigate(url);
  return { landed, verifier, state };
}

async function signIn(browser: TestBrowser, username: string, password: string) {
  const { landed, verifier, state } = await authorize(browser);
  expect(landed.res.status).toBe(200);
  const html = await landed.res.text();
  expect(html).toContain('autocomplete="username"');
  const action = new URL(formAction(html), sim.url);
  const done = await browser.submitForm(action, { username, password });
  return { done, verifier, state };
}

describe('authorization code + PKCE for the native client', () => {
  it('signs a user in and returns JWT access tokens for the configured audience', async () => {
    const browser = new TestBrowser();
    const { done, verifier, state } = await signIn(browser, 'alice@example.com', 'alice-pass-1');
    expect(done.url.startsWith('http://127.0.0.1:49152/callback?')).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const jwks = createRemoteJWKSet(new URL(`${sim.issuer}/v1/keys`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: sim.issuer, audience: 'api://latchkey' });
    expect(payload).toMatchObject({
      sub: ALICE,
      uid: ALICE,
      email: 'alice@example.com',
      client_id: 'latchkey-desktop',
    });
    expect(tokens.claims()).toMatchObject({ sub: ALICE, email: 'alice@example.com', given_name: 'Alice' });
    expect(tokens.refresh_token).toBeTruthy();

    // issueAccessToken mints the same shape as the token endpoint.
    const minted = decodeJwt(await sim.issueAccessToken(ALICE));
    expect(Object.keys(minted).sort()).toEqual(Object.keys(payload).sort());
    expect(decodeProtectedHeader(await sim.issueAccessToken(ALICE))).toEqual(
      decodeProtectedHeader(tokens.access_token),
    );
  });

  it('rejects a wrong password without saying which part was wrong', async () => {
    const browser = new TestBrowser();
    const { done } = await signIn(browser, 'alice@example.com', 'wrong');
    expect(done.res.status).toBe(401);
    expect(await done.res.text()).toContain('Unable to sign in');
  });

  it('refuses a token request without the PKCE verifier', async () => {
    const browser = new TestBrowser();
    const { done, state } = await signIn(browser, 'alice@example.com', 'alice-pass-1');
    await expect(
      oidc.authorizationCodeGrant(config, new URL(done.url), {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps an SSO session so the second authorization needs no typing', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'alice@example.com', 'alice-pass-1');
    const { landed, verifier, state } = await authorize(browser);
    expect(landed.url.startsWith('http://127.0.0.1:49152/callback?')).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(landed.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()?.sub).toBe(ALICE);
  });

  it('rotates refresh tokens and refuses a used one', async () => {
    const browser = new TestBrowser();
    const { done, verifier, state } = await signIn(browser, 'alice@example.com', 'alice-pass-1');
    const first = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const rt1 = first.refresh_token ?? '';
    const second = await oidc.refreshTokenGrant(config, rt1);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(rt1);
    expect(second.access_token).not.toBe(first.access_token);
    await expect(oidc.refreshTokenGrant(config, rt1)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes refresh tokens', async () => {
    const browser = new TestBrowser();
    const { done, verifier, state } = await signIn(browser, 'alice@example.com', 'alice-pass-1');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await oidc.tokenRevocation(config, tokens.refresh_token ?? '');
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('stops refreshing and signing in a user once Okta deactivates them', async () => {
    const browser = new TestBrowser();
    const { done, verifier, state } = await signIn(browser, 'carol@example.com', 'carol-pass-1');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await sim.admin.deactivateUser(CAROL);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const again = await signIn(new TestBrowser(), 'carol@example.com', 'carol-pass-1');
    expect(again.done.res.status).toBe(401);
  });

  it('ends the session at /v1/logout so the next authorization asks again', async () => {
    const browser = new TestBrowser();
    const { done, verifier, state } = await signIn(browser, 'alice@example.com', 'alice-pass-1');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const logoutUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'http://127.0.0.1/signed-out',
    });
    const page = await browser.navigate(logoutUrl);
    const html = await page.res.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const out = await browser.submitForm(new URL(formAction(html), sim.url), { xsrf, logout: 'yes' });
    expect(out.url).toBe('http://127.0.0.1/signed-out');

    const again = await authorize(browser);
    expect(again.landed.res.status).toBe(200);
    expect(await again.landed.res.text()).toContain('Sign In');
  });
});
