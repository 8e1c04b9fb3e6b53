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

export function appJson(a: SimApp, base: string) {
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
      autoSubmitToolbar: false,
      hide: { iOS: a.hiddenOnWeb, web: a.hiddenOnWeb },
      appLinks: { login: true },
    },
    features: [],
    settings: {
      app: a.url === null ? {} : { url: a.url, requestIntegration: a.requestIntegration },
      notes: { admin: null, enduser: null },
    },
    _links: {
      appLinks: [{ name: 'login', href: `${base}/home/${a.name}/${a.id}/${a.seq}`, type: 'text/html' }],
      users: { href: `${base}/api/v1/apps/${a.id}/users` },
      groups: { href: `${base}/api/v1/apps/${a.id}/groups` },
      deactivate: { href: `${base}/api/v1/apps/${a.id}/lifecycle/deactivate` },
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

export function appGroupJson(app: SimApp, a: AppGroupAssignment, base: string) {
  return {
    id: a.groupId,
    lastUpdated: a.lastUpdated,
    priority: a.priority,
    profile: {},
    _links: {
      app: { href: `${base}/api/v1/apps/${app.id}` },
      group: { href: `${base}/api/v1/groups/${a.groupId}` },
    },
  };
}
