import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { ALICE, TEST_SEED } from './support/seed';

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED });
});
afterAll(async () => {
  await sim.close();
});

describe('custom authorization server discovery', () => {
  it('publishes Okta-shaped metadata at /oauth2/default', async () => {
    const res = await fetch(`${sim.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(sim.issuer);
    expect(meta.authorization_endpoint).toBe(`${sim.issuer}/v1/authorize`);
    expect(meta.token_endpoint).toBe(`${sim.issuer}/v1/token`);
    expect(meta.jwks_uri).toBe(`${sim.issuer}/v1/keys`);
    expect(meta.revocation_endpoint).toBe(`${sim.issuer}/v1/revoke`);
    expect(meta.end_session_endpoint).toBe(`${sim.issuer}/v1/logout`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'offline_access']));

    const rfc8414 = await fetch(`${sim.issuer}/.well-known/oauth-authorization-server`);
    expect(((await rfc8414.json()) as { issuer: string }).issuer).toBe(sim.issuer);
  });

  it('publishes only public signing keys', async () => {
    const res = await fetch(`${sim.issuer}/v1/keys`);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
    expect(keys[0]).not.toHaveProperty('p');
  });
});

describe('issueAccessToken', () => {
  it('mints a token a resource server verifies against the published JWKS', async () => {
    const token = await sim.issueAccessToken(ALICE);
    const jwks = createRemoteJWKSet(new URL(`${sim.issuer}/v1/keys`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: sim.issuer,
      audience: 'api://latchkey',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: ALICE, uid: ALICE, email: 'alice@example.com', cid: 'latchkey-desktop' });
    expect(payload.scp).toEqual(expect.arrayContaining(['openid', 'email']));
  });

  it('honours a custom audience and negative lifetimes', async () => {
    const jwks = createRemoteJWKSet(new URL(`${sim.issuer}/v1/keys`));
    const other = await sim.issueAccessToken(ALICE, { audience: 'api://other' });
    await expect(jwtVerify(other, jwks, { issuer: sim.issuer, audience: 'api://latchkey' })).rejects.toBeInstanceOf(
      errors.JWTClaimValidationFailed,
    );
    const expired = await sim.issueAccessToken(ALICE, { expiresInSeconds: -60 });
    await expect(jwtVerify(expired, jwks, { issuer: sim.issuer })).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('refuses users the org does not have', async () => {
    await expect(sim.issueAccessToken('00uNobody00000000000')).rejects.toThrow(/no simulated user/);
  });
});
