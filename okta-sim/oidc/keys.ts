import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** Private JWK handed to oidc-provider, which publishes only its public half at `/v1/keys`. */
  privateJwk: JWK;
}

/** One RS256 key per simulator run, as Okta signs access tokens with RS256 (developer.okta.com/docs/guides/validate-access-tokens/). */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(privateKey);
  return { kid, privateKey, privateJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}
