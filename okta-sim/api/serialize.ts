import type { Directory } from '../state/directory';
import type { AppGroupAssignment, AppUserAssignment, SimApp, SimGroup, SimUser } from '../state/records';

/**
 * Okta's JSON for each object (Users, Groups and Applications API reference pages on
 * developer.okta.com/docs/api/openapi/okta-management/). The password is never part of it.
 */
export function userJson(u: SimUser, base: string) {
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: 'otyDefaultUserType0001' },
    profile: { ...u.profile },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${base}/api/v1/users/${u.id}` } },
  };
}

export function groupJson(g: SimGroup, base: string) {
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { ...g.profile },
    _links: {
      self: { href: `${base}/api/v1/groups/${g.id}` },
      users: { href: `${base}/api/v1/groups/${g.id}/users` },
      apps: { href: `${base}/api/v1/groups/${g.id}/apps` },
    },
  };
}

/** Okta's default username template. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta Expression Language string, not a JS template.
const USERNAME_TEMPLATE = { template: '${source.login}', type: 'BUILT_IN' };

/**
 * An app as Okta answers for it: the BOOKMARK response example of "Create an application"
 * (developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/) — the key
 * name in `name`, `credentials` for its sign-on mode, `visibility`, Okta's default logo and
 * `uploadLogo`, the lifecycle link for the state it can move to — and, for the OIDC integration,
 * an `oidc_client` with its client id and native-app settings.
 */
const LOGO_EXTENSIONS = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
  'image/gif': 'gif',
} as const;

/** Where an uploaded logo is served, public like Okta's static file host; the version changes the URL. */
export function appLogoHref(a: SimApp, base: string): string {
  const ext = a.logo ? LOGO_EXTENSIONS[a.logo.mediaType] : 'png';
  return `${base}/fs/bco/1/${a.id}-${a.logo?.version ?? 0}.${ext}`;
}

export function appJson(a: SimApp, base: string) {
  const self = `${base}/api/v1/apps/${a.id}`;
  const oidc = a.signOnMode === 'OPENID_CONNECT';
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    status: a.status,
    created: a.created,
    lastUpdated: a.lastUpdated,
    signOnMode: a.signOnMode,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: {
      autoLaunch: false,
      autoSubmitToolbar: false,
      hide: { iOS: a.hiddenOnWeb, web: a.hiddenOnWeb },
      appLinks: { [oidc ? 'oidc_client_link' : 'login']: true },
    },
    features: [],
    credentials: oidc
      ? {
          userNameTemplate: USERNAME_TEMPLATE,
          signing: {},
          // A public native client: PKCE, no secret (the desktop's OIDC client).
          oauthClient: {
            client_id: a.oauthClientId ?? a.id,
            autoKeyRotation: true,
            token_endpoint_auth_method: 'none',
            pkce_required: true,
          },
        }
      : { userNameTemplate: USERNAME_TEMPLATE, signing: {} },
    settings: {
      app: a.url === null ? {} : { url: a.url, requestIntegration: a.requestIntegration },
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
      manualProvisioning: false,
      implicitAssignment: false,
      notes: { admin: null, enduser: null },
      emOptInStatus: 'DISABLED',
      ...(oidc
        ? {
            oauthClient: {
              application_type: 'native',
              consent_method: 'REQUIRED',
              grant_types: ['authorization_code', 'refresh_token'],
              response_types: ['code'],
              redirect_uris: ['http://127.0.0.1/callback'],
              issuer_mode: 'ORG_URL',
            },
          }
        : {}),
    },
    _links: {
      ...(a.url === null
        ? {}
        : { appLinks: [{ name: 'login', href: `${base}/home/${a.name}/${a.id}/${a.seq}`, type: 'text/html' }] }),
      uploadLogo: { href: `${self}/logo`, hints: { allow: ['POST'] } },
      logo: [
        a.logo
          ? { name: 'medium', href: appLogoHref(a, base), type: a.logo.mediaType }
          : {
              name: 'medium',
              href: `${base}/assets/img/logos/default.6770228fb0dab49a1695ef440a5279bb.png`,
              type: 'image/png',
            },
      ],
      self: { href: self },
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
      ...(a.status === 'ACTIVE'
        ? { deactivate: { href: `${self}/lifecycle/deactivate` } }
        : { activate: { href: `${self}/lifecycle/activate` } }),
    },
  };
}

export function appUserJson(dir: Directory, app: SimApp, a: AppUserAssignment, base: string) {
  const u = dir.users.get(a.userId);
  return {
    id: a.userId,
    externalId: null,
    created: a.created,
    lastUpdated: a.lastUpdated,
    scope: a.scope,
    status: u?.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
    statusChanged: a.lastUpdated,
    syncState: 'DISABLED',
    credentials: { userName: u?.profile.login ?? null },
    profile: {},
    _links: {
      app: { href: `${base}/api/v1/apps/${app.id}` },
      user: { href: `${base}/api/v1/users/${a.userId}` },
    },
  };
}

export function appGroupJson(app: SimApp, a: AppGroupAssignment, base: string, embed?: SimGroup) {
  return {
    id: a.groupId,
    lastUpdated: a.lastUpdated,
    priority: a.priority,
    profile: {},
    _links: {
      app: { href: `${base}/api/v1/apps/${app.id}` },
      group: { href: `${base}/api/v1/groups/${a.groupId}` },
    },
    ...(embed ? { _embedded: { group: groupJson(embed, base) } } : {}),
  };
}
