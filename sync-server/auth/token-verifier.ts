/**
 * Verifies Okta access tokens (RFC 9068 JWT profile): signature against the issuer's JWKS,
 * `iss`, `aud`, `exp` (required: a token that never expires is refused) and `nbf`, then that
 * the token was minted for the desktop app (`cid`, Okta's client id claim, or RFC 9068's
 * `client_id`, in the configured allow-list) with the expected scope (`scp`, or `scope`).
 * Another app of the same Okta org can get tokens for the same audience; without these checks
 * any of them would open every replica. jose's remote JWK set caches the keys and refetches when a token
 * names an unknown `kid` (Okta rotates signing keys; developer.okta.com/docs/concepts/key-rotation).
 * The JWKS URL comes from the issuer's discovery document (OpenID Connect Discovery 1.0 §4),
 * whose `issuer` must be exactly the configured one (§4.3): otherwise keys from whoever
 * answers at that address would be trusted.
 *
 * A token that passed is remembered (by its SHA-256, at most `VERIFIED_CACHE_SIZE` of them) until
 * it expires: a desktop sends the same token with every pull and push, and the signature check
 * was the largest single cost of a request (about 0.7 ms of RSA on this project's machine). A
 * remembered token is still refused the moment it expires. The one difference from checking
 * again: a token signed with a key Okta has since withdrawn from its key set stays accepted until
 * it expires (an hour at most for Okta access tokens), as it would in any resource server that
 * caches verified tokens.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

export type TokenCheck =
  | { ok: true; subject: string /** `exp` in ms since the epoch. */; expiresAt?: number }
  | { ok: false; code: 'unauthenticated' | 'unavailable'; message: string };

export type TokenVerifier = (token: string) => Promise<TokenCheck>;

const Discovery = z.object({ issuer: z.string(), jwks_uri: z.url() });
/** Okta's clocks and ours may differ by a few seconds. */
const CLOCK_TOLERANCE_S = 5;
const VERIFIED_CACHE_SIZE = 20_000;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** OIDC client ids whose tokens are accepted (the desktop app's). */
  clientIds: readonly string[];
  /** A scope every accepted token carries. */
  requiredScope: string;
  fetch?: typeof fetch;
}

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const doFetch = opts.fetch ?? fetch;
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    jwks ??= (async () => {
      const res = await doFetch(`${opts.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`discovery returned ${res.status}`);
      const doc = Discovery.parse(await res.json());
      if (doc.issuer !== opts.issuer) throw new Error('the discovery document names another issuer');
      return createRemoteJWKSet(new URL(doc.jwks_uri));
    })();
    // A failed discovery is retried on the next request instead of being cached.
    jwks.catch(() => {
      jwks = undefined;
    });
    return jwks;
  };

  const verified = new Map<string, { subject: string; expiresAt: number }>();
  const remembered = (key: string): TokenCheck | undefined => {
    const hit = verified.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt + CLOCK_TOLERANCE_S * 1000 <= Date.now()) {
      verified.delete(key);
      return undefined;
    }
    return { ok: true, subject: hit.subject, expiresAt: hit.expiresAt };
  };
  const remember = (key: string, check: TokenCheck): TokenCheck => {
    if (check.ok && check.expiresAt !== undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
      verified.set(key, { subject: check.subject, expiresAt: check.expiresAt });
    }
    return check;
  };

  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    return remembered(key) ?? remember(key, await verify(token));
  };

  async function verify(token: string): Promise<TokenCheck> {
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
        requiredClaims: ['exp'],
      });
      const client = typeof payload.cid === 'string' ? payload.cid : payload.client_id;
      if (typeof client !== 'string' || !opts.clientIds.includes(client)) {
        return { ok: false, code: 'unauthenticated', message: 'The access token was not issued to the Latchkey app.' };
      }
      if (!scopesOf(payload).includes(opts.requiredScope)) {
        return { ok: false, code: 'unauthenticated', message: 'The access token lacks the scope Latchkey needs.' };
      }
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
  }
}

/** Okta: `scp` is an array; RFC 9068 §2.2.3: `scope` is a space-separated string. */
function scopesOf(payload: JWTPayload): string[] {
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  return typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
}
