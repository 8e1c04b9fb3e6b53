/**
 * A service app with "Require DPoP" on (RFC 9449), over real HTTP: the SDK-backed Okta client's
 * nonce round trip and DPoP-scheme calls, then the simulator's refusals as raw requests see them
 * (token endpoint and Management API gate), and what the request log keeps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import type { OktaApps } from '../../../sync-server/okta/okta-client';
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

const CLIENT_ID = '0oaDpopServiceApp001';
const KEY_ID = 'latchkey-dpop-key-1';

describe('Okta client as a service app with DPoP required', () => {
  let sim: OktaSim;
  let key: Keys;
  const clients: OktaApps[] = [];
  const users = oktaUserSeed(2);
  /** Statuses of the SDK's token requests, as its request executor saw them. */
  let tokenAnswers: (number | string)[] = [];

  function client(): OktaApps {
    const c = serviceAppClient({ orgUrl: sim.url, clientId: CLIENT_ID, keyId: KEY_ID, key, tokenAnswers });
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
        {
          clientId: CLIENT_ID,
          publicJwks: [key.publicJwk],
          scopes: ['okta.apps.read', 'okta.apps.manage'],
          requireDpop: true,
        },
      ],
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.close();
  });

  it('answers the nonce challenge, then creates, assigns and reads back with DPoP proofs', async () => {
    const url = 'https://latchkey.example/launch/dpop-1';
    const label = 'Contentzilla - DPoP';
    const { appId, app, assignees } = await appRoundTrip(client(), { label, url, userId: users[0]?.id ?? '' });

    expect(app).toEqual({ appId, label, url, status: 'ACTIVE' });
    expect(assignees).toEqual([users[0]?.id]);
    // One 400 then one token. The 400 is the use_dpop_nonce challenge: any other refusal of a token
    // request is raised by governed-executor.ts as TokenRequestRefused and the calls would fail.
    expect(tokenAnswers).toEqual([400, 200]);

    const logged = sim.requests();
    expect(callLines(logged)).toEqual(roundTripCalls(appId));
    // Every call came with the DPoP scheme and a proof; the gate verified each (200s above).
    expect(logged.every((r) => r.headers.authorization === 'DPoP [redacted]' && r.headers.dpop === '[redacted]')).toBe(
      true,
    );
    expect(JSON.stringify(logged)).not.toMatch(/eyJ|client_assertion|oauth2/);
  });

  it('after its token expires, answers a new nonce challenge and carries on', async () => {
    const okta = client();
    const appId = await okta.createBookmarkApp('Long - DPoP', 'https://latchkey.example/launch/dpop-long');
    sim.expireServiceAppTokens(CLIENT_ID);

    expect((await okta.getApp(appId))?.label).toBe('Long - DPoP');
    // The SDK forgets the nonce with the token, so the new token costs a challenge again.
    expect(tokenAnswers).toEqual([400, 200, 400, 200]);
    expect(callLines(sim.requests())).toEqual([
      'POST /api/v1/apps 200',
      `GET /api/v1/apps/${appId} 401`,
      `GET /api/v1/apps/${appId} 200`,
    ]);
  });
});

describe('DPoP at the org token endpoint and the Management API over raw HTTP', () => {
  let sim: OktaSim;
  let key: Keys;
  let proofKey: Keys;

  beforeEach(async () => {
    [key, proofKey] = await Promise.all([keyPair(KEY_ID), keyPair('proof-key')]);
    sim = await startOktaSim({ port: 0 });
    sim.registerServiceApp({
      clientId: CLIENT_ID,
      publicJwks: [key.publicJwk],
      scopes: ['okta.apps.read'],
      requireDpop: true,
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  async function proof(
    htm: string,
    htu: string,
    extra: { nonce?: string; accessToken?: string; jti?: string; signer?: Keys } = {},
  ): Promise<string> {
    const signer = extra.signer ?? proofKey;
    const { kid: _kid, ...jwk } = signer.publicJwk;
    return new SignJWT({
      htm,
      htu,
      jti: extra.jti ?? randomUUID(),
      ...(extra.nonce ? { nonce: extra.nonce } : {}),
      ...(extra.accessToken ? { ath: createHash('sha256').update(extra.accessToken).digest('base64url') } : {}),
    })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'RS256', jwk })
      .setIssuedAt()
      .sign(signer.privateKey);
  }

  async function requestToken(dpop?: string): Promise<Response> {
    const signed = await clientAssertion({ orgUrl: sim.url, clientId: CLIENT_ID, kid: KEY_ID, key });
    return tokenRequest(sim.url, { clientAssertion: signed, ...(dpop ? { dpop } : {}) });
  }

  /** The full dance: challenge, then a DPoP-bound token for `proofKey`. */
  async function boundToken(): Promise<string> {
    const challenge = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`));
    const nonce = challenge.headers.get('dpop-nonce') ?? '';
    const res = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`, { nonce }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  const appsUrl = () => `${sim.url}/api/v1/apps`;
  async function listApps(token: string, dpop?: string, scheme = 'DPoP'): Promise<Response> {
    return fetch(`${appsUrl()}?limit=5`, {
      headers: { Authorization: `${scheme} ${token}`, ...(dpop ? { DPoP: dpop } : {}) },
    });
  }

  it('refuses a token request without a proof with 400 invalid_dpop_proof', async () => {
    const res = await requestToken();
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_dpop_proof',
      error_description: 'The DPoP proof JWT header is missing.',
    });
  });

  it('challenges a proof without a nonce, and one with a made-up nonce, with use_dpop_nonce', async () => {
    const first = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`));
    expect(first.status).toBe(400);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({
      error: 'use_dpop_nonce',
      error_description: 'Authorization server requires nonce in DPoP proof.',
    });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[\w-]{20,}$/);

    const stale = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`, { nonce: 'not-issued' }));
    expect(stale.status).toBe(400);
    expect(((await stale.json()) as { error: string }).error).toBe('use_dpop_nonce');
    // Nonces rotate: every challenge carries a new one.
    expect(stale.headers.get('dpop-nonce')).not.toBe(nonce);
  });

  it('issues a DPoP token that works with the DPoP scheme and a fresh proof', async () => {
    const challenge = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`));
    const nonce = challenge.headers.get('dpop-nonce') ?? '';
    const res = await requestToken(await proof('POST', `${sim.url}${TOKEN_PATH}`, { nonce }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; access_token: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'DPoP', expires_in: 3600, scope: 'okta.apps.read' });

    const ok = await listApps(body.access_token, await proof('GET', appsUrl(), { accessToken: body.access_token }));
    expect(ok.status).toBe(200);
    const log = JSON.stringify(sim.requests());
    expect(log).not.toContain(body.access_token);
    expect(log).not.toMatch(/eyJ/);
    expect(sim.requests().map((r) => r.headers)).toEqual([
      expect.objectContaining({ authorization: 'DPoP [redacted]', dpop: '[redacted]' }),
    ]);
  });

  it('refuses a bound token sent as Bearer with 401 E0000011 and a DPoP invalid_token challenge', async () => {
    const token = await boundToken();
    const res = await listApps(token, undefined, 'Bearer');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^DPoP algs="RS256 .*", error="invalid_token"/);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
  });

  it('refuses a missing proof, a proof by another key, a replayed jti and a wrong htu with invalid_dpop_proof', async () => {
    const token = await boundToken();
    const refusal = async (res: Response) => ({
      status: res.status,
      challenge: res.headers.get('www-authenticate'),
      errorCode: ((await res.json()) as { errorCode: string }).errorCode,
    });
    const expected = (description: string) => ({
      status: 400,
      challenge: `DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", error="invalid_dpop_proof", error_description="${description}"`,
      errorCode: 'E0000011',
    });

    expect(await refusal(await listApps(token))).toEqual(expected('The DPoP proof JWT header is missing.'));

    const stranger = await keyPair('stranger');
    expect(
      await refusal(await listApps(token, await proof('GET', appsUrl(), { accessToken: token, signer: stranger }))),
    ).toEqual(expected("The DPoP proof JWT's key does not match the key the access token is bound to."));

    const once = await proof('GET', appsUrl(), { accessToken: token, jti: 'used-once' });
    expect((await listApps(token, once)).status).toBe(200);
    expect(await refusal(await listApps(token, once))).toEqual(
      expected("'jti' claim in the DPoP proof JWT is invalid."),
    );

    const elsewhere = await proof('GET', `${sim.url}/api/v1/users`, { accessToken: token });
    expect(await refusal(await listApps(token, elsewhere))).toEqual(
      expected("'htu' claim in the DPoP proof JWT is invalid."),
    );

    const noAth = await proof('GET', appsUrl());
    expect(await refusal(await listApps(token, noAth))).toEqual(
      expected("'ath' claim in the DPoP proof JWT is invalid."),
    );

    // Refused calls are logged like any other, still without the token or the proofs.
    expect(sim.requests().map((r) => r.status)).toEqual([400, 400, 200, 400, 400, 400]);
    expect(JSON.stringify(sim.requests())).not.toMatch(/eyJ/);
  });

  it('keeps Bearer tokens of apps without the option working, and refuses them under the DPoP scheme', async () => {
    sim.registerServiceApp({ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.read'] });
    const res = await requestToken();
    const { token_type, access_token } = (await res.json()) as { token_type: string; access_token: string };
    expect(token_type).toBe('Bearer');
    expect((await listApps(access_token, undefined, 'Bearer')).status).toBe(200);

    const asDpop = await listApps(access_token, await proof('GET', appsUrl(), { accessToken: access_token }));
    expect(asDpop.status).toBe(401);
    expect(asDpop.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
