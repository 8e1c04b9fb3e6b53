import type { SimUser } from '../state/records';

/** Scopes the custom authorization server grants (Okta's default server ships these). */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** ID-token / userinfo claims per scope, as Okta maps them (developer.okta.com/docs/reference/api/oidc/#scopes). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale', 'zoneinfo', 'updated_at'],
} as const;

export function userClaims(user: SimUser): Record<string, unknown> & { sub: string } {
  const p = user.profile;
  return {
    sub: user.id,
    email: p.email,
    email_verified: true,
    name: `${p.firstName} ${p.lastName}`,
    given_name: p.firstName,
    family_name: p.lastName,
    preferred_username: p.login,
    locale: 'en_US',
    zoneinfo: 'America/Los_Angeles',
    updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
  };
}

/**
 * Claims Okta adds to access tokens from a custom authorization server: `uid` (the user id),
 * `cid` (client id), `scp` (granted scopes as an array) and `ver`
 * (developer.okta.com/docs/reference/api/oidc/#access-token-payload). `email` is a custom claim the
 * Latchkey authorization server is configured to add. `sub` is the user id, not the login, because
 * Latchkey's authorization server sets it so.
 */
export function accessTokenExtraClaims(user: SimUser, clientId: string, scopes: string[]): Record<string, unknown> {
  return { ver: 1, uid: user.id, cid: clientId, scp: scopes, email: user.profile.email };
}
