import { randomBytes } from 'node:crypto';
import Provider, { type KoaContextWithOIDC, type TokenLike } from 'oidc-provider';
import type { Directory } from '../state/directory';
import { accessTokenExtraClaims, SCOPE_CLAIMS, SUPPORTED_SCOPES, userClaims } from './claims';
import type { SigningKey } from './keys';
import { memoryAdapterFactory } from './memory-adapter';
import { logoutPage } from './pages';

/** The custom authorization server's path; Okta's default one is `/oauth2/default`. */
export const AUTH_SERVER_PATH = '/oauth2/default';
/** Where oidc-provider sends the browser to sign in; served by the simulator's own routes. */
export const SIGN_IN_PATH = '/signin';

export interface OidcOptions {
  issuer: string;
  audience: string;
  clientId: string;
  key: SigningKey;
  directory: Directory;
  /** The My Apps dashboard's own sign-in client (it shares the SSO session, as Okta's does). */
  dashboard: { clientId: string; redirectUri: string };
}

/**
 * Okta's endpoint paths under a custom authorization server
 * (developer.okta.com/docs/reference/api/oidc/#endpoints), so discovery looks like Okta's.
 */
const OKTA_ROUTES = {
  authorization: '/v1/authorize',
  token: '/v1/token',
  userinfo: '/v1/userinfo',
  jwks: '/v1/keys',
  revocation: '/v1/revoke',
  introspection: '/v1/introspect',
  end_session: '/v1/logout',
  device_authorization: '/v1/device/authorize',
  pushed_authorization_request: '/v1/par',
};

export function createProvider(opts: OidcOptions): Provider {
  const { directory, audience, clientId } = opts;
  const scope = SUPPORTED_SCOPES.join(' ');

  return new Provider(opts.issuer, {
    clients: [
      {
        client_id: clientId,
        client_name: 'Latchkey Desktop',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // RFC 8252 §7.3: for loopback redirects the port is ignored when matching, so one
        // registration serves whatever ephemeral port the desktop listens on.
        redirect_uris: ['http://127.0.0.1/callback'],
        post_logout_redirect_uris: ['http://127.0.0.1/signed-out'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: opts.dashboard.clientId,
        client_name: 'Okta Dashboard',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        redirect_uris: [opts.dashboard.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    adapter: memoryAdapterFactory(),
    jwks: { keys: [opts.key.privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...SUPPORTED_SCOPES],
    claims: SCOPE_CLAIMS,
    // Okta puts the profile/email claims in the ID token even when an access token is issued.
    conformIdTokenClaims: false,
    routes: OKTA_ROUTES,
    responseTypes: ['code'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 300,
      Interaction: 3600,
      Session: 2 * 3600,
      Grant: 90 * 24 * 3600,
      RefreshToken: 90 * 24 * 3600,
    },
    clientBasedCORS: () => true,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${SIGN_IN_PATH}/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // A client may revoke only its own tokens (RFC 7009 §2.1).
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: TokenLike) =>
          token.clientId === client.clientId,
      },
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = logoutPage(form);
        },
      },
      resourceIndicators: {
        enabled: true,
        // Okta clients never send `resource`; every token is for the server's one audience.
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope,
          audience,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = directory.users.get(sub);
      if (user?.status !== 'ACTIVE') return undefined;
      return { accountId: user.id, claims: () => userClaims(user) };
    },
    extraTokenClaims: (_ctx: unknown, token: TokenLike) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = directory.users.get(token.accountId);
      if (!user) return undefined;
      return accessTokenExtraClaims(user, token.clientId ?? clientId, (token.scope ?? '').split(' ').filter(Boolean));
    },
    // First-party client: Okta shows no consent screen for it, so the grant covers whatever
    // supported scopes are requested (oidc-provider recipe "skip consent").
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const client = oidc.client;
      const accountId = oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
      const requested = [...oidc.requestParamScopes].filter((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s));
      grant.addOIDCScope(requested.join(' '));
      grant.addResourceScope(audience, requested.join(' '));
      await grant.save();
      return grant;
    },
  });
}
