/**
 * The tokens of one session, held in main-process memory only, and the pure rules about them.
 * The access token goes into Authorization headers from main; the refresh token goes to the
 * keychain; neither is ever handed to the renderer, which only sees `Identity`.
 */
import type { IDToken, TokenEndpointResponse } from 'openid-client';

export interface Identity {
  readonly subject: string;
  readonly email: string | null;
  readonly name: string | null;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  /** Epoch milliseconds after which the access token must not be used. */
  readonly expiresAt: number;
  readonly identity: Identity;
}

/** Refresh this long before expiry so a request in flight does not carry a dying token. */
export const REFRESH_SKEW_MS = 30_000;
/** When the server omits expires_in, assume Okta's default access-token lifetime is not ours to know. */
const FALLBACK_LIFETIME_MS = 5 * 60_000;

function claimString(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function identityFromClaims(claims: IDToken | Record<string, unknown>): Identity {
  const record = claims as Record<string, unknown>;
  return {
    subject: String(record.sub),
    email: claimString(record, 'email'),
    name: claimString(record, 'name') ?? claimString(record, 'preferred_username'),
  };
}

export function tokenSetFrom(
  response: TokenEndpointResponse & { expiresIn(): number | undefined },
  identity: Identity,
  now: number,
  previous?: TokenSet,
): TokenSet {
  const lifetime = response.expiresIn();
  return {
    accessToken: response.access_token,
    // Without rotation the server may omit a new refresh token: the old one stays valid.
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
    idToken: response.id_token ?? previous?.idToken ?? null,
    expiresAt: now + (lifetime === undefined ? FALLBACK_LIFETIME_MS : lifetime * 1000),
    identity,
  };
}

export function needsRefresh(tokens: TokenSet, now: number): boolean {
  return now >= tokens.expiresAt - REFRESH_SKEW_MS;
}
