/**
 * Verifies Okta access tokens (RFC 9068 JWT profile): signature against the issuer's JWKS,
 * `iss`, `aud`, `exp`/`nbf`. jose's remote JWK set caches the keys and refetches when a token
 * names an unknown `kid` (Okta rotates signing keys; developer.okta.com/docs/concepts/key-rotation).
 * The JWKS URL comes from the issuer's discovery document (OpenID Connect Discovery 1.0 §4).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

export type TokenCheck =
  | { ok: true; subject: string /** `exp` in ms since the epoch. */; expiresAt?: number }
  | { ok: false; code: 'unauthenticated' | 'unavailable'; message: string };

export type TokenVerifier = (token: string) => Promise<TokenCheck>;

const Discovery = z.object({ issuer: z.string(), jwks_uri: z.url() });
/** Okta's clocks and ours may differ by a few seconds. */
const CLOCK_TOLERANCE_S = 5;

export function createTokenVerifier(opts: { issuer: string; audience: string; fetch?: typeof fetch }): TokenVerifier {
  const doFetch = opts.fetch ?? fetch;
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    jwks ??= (async () => {
      const res = await doFetch(`${opts.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`discovery returned ${res.status}`);
      const doc = Discovery.parse(await res.json());
      return createRemoteJWKSet(new URL(doc.jwks_uri));
    })();
    // A failed discovery is retried on the next request instead of being cached.
    jwks.catch(() => {
      jwks = undefined;
    });
    return jwks;
  };

  return async (token) => {
    let keys: ReturnType<typeof createRemoteJWKSet>;
    try {
      keys = await keySet();
    } catch {
      return {
        ok: false,
        code: 'unavailable',
        message: 'The identity provider cannot be reached to check your sign-in. Try again shortly.',
      };
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // Okta puts the user id in `uid`; `sub` is the login unless the server maps it to the id.
      const subject = typeof payload.uid === 'string' ? payload.uid : payload.sub;
      if (typeof subject !== 'string' || subject === '') {
        return { ok: false, code: 'unauthenticated', message: 'The access token names no user.' };
      }
      return { ok: true, subject, ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}) };
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout) {
        return {
          ok: false,
          code: 'unavailable',
          message: 'The identity provider did not answer in time. Try again shortly.',
        };
      }
      if (!(err instanceof joseErrors.JOSEError)) {
        return {
          ok: false,
          code: 'unavailable',
          message: 'The identity provider cannot be reached to check your sign-in. Try again shortly.',
        };
      }
      if (err instanceof joseErrors.JWTExpired) {
        return { ok: false, code: 'unauthenticated', message: 'Your sign-in has expired. Sign in again.' };
      }
      return {
        ok: false,
        code: 'unauthenticated',
        message: 'The access token is not valid for this server. Sign in again.',
      };
    }
  };
}
