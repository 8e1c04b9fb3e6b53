import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessTokenHash,
  DpopNonces,
  DpopProofError,
  NONCE_TTL_SECONDS,
  PROOF_IAT_WINDOW_SECONDS,
  ProofReplayCache,
  verifyDpopProof,
} from '../../../../okta-sim/api/dpop';
import { OAuthError, ServiceApps } from '../../../../okta-sim/api/service-apps';

const NOW = new Date('2026-11-24T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const TOKEN_URL = 'https://acme.okta.example/oauth2/v1/token';
const API_URL = 'https://acme.okta.example/api/v1/apps';
const CLIENT_ID = '0oaServiceApp0000001';

let publicJwk: JWK;
let privateKey: CryptoKey;
let clientKey: { publicJwk: JWK; privateKey: CryptoKey };
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  publicJwk = await exportJWK(pair.publicKey);
  privateKey = pair.privateKey;
  const client = await generateKeyPair('RS256', { extractable: true });
  clientKey = { publicJwk: { ...(await exportJWK(client.publicKey)), kid: 'k1' }, privateKey: client.privateKey };
});

function proof(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ htm: 'POST', htu: TOKEN_URL, iat: nowSeconds, jti: 'jti-1', ...claims })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk, ...header })
    .sign(privateKey);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DpopProofError) return err.description;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('verifyDpopProof', () => {
  const expected = { htm: 'POST', htu: TOKEN_URL, now: NOW };

  it('accepts a valid proof and returns its key thumbprint, jti and nonce', async () => {
    const verified = await verifyDpopProof(await proof({ nonce: 'n-1' }), expected);
    expect(verified).toEqual({
      jkt: await calculateJwkThumbprint(publicJwk, 'sha256'),
      jti: 'jti-1',
      iat: nowSeconds,
      nonce: 'n-1',
    });
  });

  it('compares htu without query or fragment and after URL normalisation', async () => {
    const p = await proof({ htm: 'GET', htu: 'HTTPS://Acme.okta.example:443/api/v1/apps?limit=5#x' });
    await expect(verifyDpopProof(p, { htm: 'GET', htu: API_URL, now: NOW })).resolves.toBeDefined();
    expect(await refusal(verifyDpopProof(p, { htm: 'GET', htu: `${API_URL}/0oa1`, now: NOW }))).toBe(
      "'htu' claim in the DPoP proof JWT is invalid.",
    );
  });

  it("refuses a missing, unparsable or repeated header with Okta's texts", async () => {
    expect(await refusal(verifyDpopProof(undefined, expected))).toBe('The DPoP proof JWT header is missing.');
    expect(await refusal(verifyDpopProof('not-a-jwt', expected))).toBe('DPoP proof JWT cannot be parsed.');
    const p = await proof();
    expect(await refusal(verifyDpopProof([p, p], expected))).toBe('DPoP proof JWT cannot be parsed.');
  });

  it('refuses a wrong typ, a missing embedded key, a tampered signature and a symmetric algorithm', async () => {
    expect(await refusal(verifyDpopProof(await proof({}, { typ: 'JWT' }), expected))).toBe(
      "The DPoP proof JWT 'typ' header must be dpop+jwt.",
    );
    expect(await refusal(verifyDpopProof(await proof({}, { jwk: undefined }), expected))).toBe(
      'DPoP proof JWT cannot be parsed.',
    );
    const [h, , s] = (await proof()).split('.');
    const [, other] = (await proof({ jti: 'jti-2' })).split('.');
    expect(await refusal(verifyDpopProof(`${h}.${other}.${s}`, expected))).toBe(
      'The DPoP proof JWT signature is invalid.',
    );
    const hs = await new SignJWT({ htm: 'POST', htu: TOKEN_URL, iat: nowSeconds, jti: 'j' })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'HS256' })
      .sign(new Uint8Array(32));
    expect(await refusal(verifyDpopProof(hs, expected))).toBe(
      'The DPoP proof JWT is signed with an unsupported algorithm.',
    );
  });

  it('refuses a wrong htm, a missing jti and an iat outside the window', async () => {
    expect(await refusal(verifyDpopProof(await proof({ htm: 'GET' }), expected))).toBe(
      "'htm' claim in the DPoP proof JWT is invalid.",
    );
    expect(await refusal(verifyDpopProof(await proof({ jti: undefined }), expected))).toBe(
      "'jti' claim in the DPoP proof JWT is invalid.",
    );
    const edge = await proof({ iat: nowSeconds - PROOF_IAT_WINDOW_SECONDS });
    await expect(verifyDpopProof(edge, expected)).resolves.toBeDefined();
    for (const iat of [nowSeconds - PROOF_IAT_WINDOW_SECONDS - 1, nowSeconds + PROOF_IAT_WINDOW_SECONDS + 1])
      expect(await refusal(verifyDpopProof(await proof({ iat }), expected))).toBe(
        "'iat' claim in the DPoP proof JWT is invalid.",
      );
  });

  it('checks ath against the access token on resource requests', async () => {
    const withAth = await proof({ ath: accessTokenHash('token-1') });
    await expect(verifyDpopProof(withAth, { ...expected, accessToken: 'token-1' })).resolves.toBeDefined();
    expect(await refusal(verifyDpopProof(withAth, { ...expected, accessToken: 'token-2' }))).toBe(
      "'ath' claim in the DPoP proof JWT is invalid.",
    );
    expect(await refusal(verifyDpopProof(await proof(), { ...expected, accessToken: 'token-1' }))).toBe(
      "'ath' claim in the DPoP proof JWT is invalid.",
    );
  });
});

describe('ProofReplayCache and DpopNonces', () => {
  it('accepts a jti once per key, and forgets it once the proof could no longer pass iat', () => {
    const cache = new ProofReplayCache();
    const p = { jkt: 'key-a', jti: 'j', iat: nowSeconds };
    expect(cache.consume(p, NOW)).toBe(true);
    expect(cache.consume(p, NOW)).toBe(false);
    expect(cache.consume({ ...p, jkt: 'key-b' }, NOW)).toBe(true);
    const later = new Date(NOW.getTime() + (PROOF_IAT_WINDOW_SECONDS + 1) * 1000);
    expect(cache.consume(p, later)).toBe(true);
  });

  it('accepts issued nonces until they expire, and issues a different one each time', () => {
    const nonces = new DpopNonces();
    const a = nonces.issue(NOW);
    const b = nonces.issue(NOW);
    expect(a).not.toBe(b);
    expect(nonces.isValid(a, NOW)).toBe(true);
    expect(nonces.isValid('never-issued', NOW)).toBe(false);
    expect(nonces.isValid(undefined, NOW)).toBe(false);
    expect(nonces.isValid(a, new Date(NOW.getTime() + NONCE_TTL_SECONDS * 1000 - 1))).toBe(true);
    expect(nonces.isValid(a, new Date(NOW.getTime() + NONCE_TTL_SECONDS * 1000))).toBe(false);
  });
});

describe('ServiceApps with requireDpop', () => {
  let jti = 0;
  /** A fresh client assertion signed at `at` (the token endpoint spends each jti once). */
  async function form(at = NOW): Promise<Record<string, string>> {
    jti += 1;
    const t = at.getTime() / 1000;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(CLIENT_ID)
      .setSubject(CLIENT_ID)
      .setAudience(TOKEN_URL)
      .setIssuedAt(t)
      .setExpirationTime(t + 300)
      .setJti(`assertion-${jti}`)
      .sign(clientKey.privateKey);
    return {
      grant_type: 'client_credentials',
      scope: 'okta.apps.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
  }
  async function oauthRefusal(p: Promise<unknown>): Promise<OAuthError> {
    try {
      await p;
    } catch (err) {
      if (err instanceof OAuthError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  }

  it('challenges, then binds the token to the proof key; nonces go stale on the clock', async () => {
    const clock = { now: NOW };
    const apps = new ServiceApps(() => clock.now);
    apps.register({
      clientId: CLIENT_ID,
      publicJwks: [clientKey.publicJwk],
      scopes: ['okta.apps.read'],
      requireDpop: true,
    });

    const missing = await oauthRefusal(apps.requestToken(await form(), TOKEN_URL));
    expect(missing.body()).toEqual({
      error: 'invalid_dpop_proof',
      error_description: 'The DPoP proof JWT header is missing.',
    });
    const challenge = await oauthRefusal(apps.requestToken(await form(), TOKEN_URL, await proof({ jti: 'p1' })));
    expect(challenge.status).toBe(400);
    expect(challenge.error).toBe('use_dpop_nonce');
    const nonce = challenge.headers['DPoP-Nonce'] ?? '';

    const answer = await apps.requestToken(await form(), TOKEN_URL, await proof({ jti: 'p2', nonce }));
    expect(answer).toMatchObject({ token_type: 'DPoP', expires_in: 3600, scope: 'okta.apps.read' });
    expect(apps.authenticate(answer.access_token)).toEqual({
      clientId: CLIENT_ID,
      scopes: ['okta.apps.read'],
      jkt: await calculateJwkThumbprint(publicJwk, 'sha256'),
    });
    // The same proof again is a replay, even with its nonce still good.
    expect(
      (await oauthRefusal(apps.requestToken(await form(), TOKEN_URL, await proof({ jti: 'p2', nonce })))).body(),
    ).toEqual({ error: 'invalid_dpop_proof', error_description: "'jti' claim in the DPoP proof JWT is invalid." });

    clock.now = new Date(NOW.getTime() + NONCE_TTL_SECONDS * 1000);
    const stale = await proof({ jti: 'p3', nonce, iat: clock.now.getTime() / 1000 });
    const again = await oauthRefusal(apps.requestToken(await form(clock.now), TOKEN_URL, stale));
    expect(again.error).toBe('use_dpop_nonce');
    expect(again.headers['DPoP-Nonce']).not.toBe(nonce);
  });

  it('checks resource proofs against the binding and remembers their jti', async () => {
    const apps = new ServiceApps(() => NOW);
    const token = 'opaque-token';
    const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
    const request = { htm: 'GET', htu: API_URL, accessToken: token, jkt };
    const p = await proof({ htm: 'GET', htu: API_URL, ath: accessTokenHash(token), jti: 'r1' });
    await expect(apps.verifyResourceProof(p, request)).resolves.toBeUndefined();
    expect(await refusal(apps.verifyResourceProof(p, request))).toBe("'jti' claim in the DPoP proof JWT is invalid.");
    const other = await proof({ htm: 'GET', htu: API_URL, ath: accessTokenHash(token), jti: 'r2' });
    expect(await refusal(apps.verifyResourceProof(other, { ...request, jkt: 'another-key' }))).toBe(
      "The DPoP proof JWT's key does not match the key the access token is bound to.",
    );
  });
});
