/**
 * In-memory shapes of Okta objects. The API layer turns them into Okta's JSON
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ and
 * …/tag/Application/); secrets such as the password stay here and are never serialised.
 */
export type UserStatus = 'ACTIVE' | 'DEPROVISIONED' | 'STAGED' | 'SUSPENDED' | 'PROVISIONED';

export interface UserProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  [extra: string]: string | null;
}

export interface SimUser {
  seq: number;
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: UserProfile;
  /** Held only to check the sign-in page; never leaves the simulator. */
  password: string;
}

export interface SimGroup {
  seq: number;
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string };
  members: Set<string>;
}

export type AppStatus = 'ACTIVE' | 'INACTIVE';

export interface AppUserAssignment {
  seq: number;
  userId: string;
  created: string;
  lastUpdated: string;
  scope: 'USER' | 'GROUP';
}

export interface AppGroupAssignment {
  seq: number;
  groupId: string;
  priority: number;
  lastUpdated: string;
}

export interface SimApp {
  seq: number;
  id: string;
  name: string;
  label: string;
  status: AppStatus;
  created: string;
  lastUpdated: string;
  signOnMode: 'BOOKMARK' | 'OPENID_CONNECT';
  /** Bookmark target (`settings.app.url`); null for apps without a web launch URL. */
  url: string | null;
  requestIntegration: boolean;
  /** `visibility.hide.web`: hidden from the My Apps dashboard. */
  hiddenOnWeb: boolean;
  /** An OIDC integration's `credentials.oauthClient.client_id` (Okta uses the app id when none is set). */
  oauthClientId?: string;
  /** When `q` and `filter` searches start to see the app (the search clock's ms); see Directory.searchLag. */
  searchableAt: number;
  users: Map<string, AppUserAssignment>;
  groups: Map<string, AppGroupAssignment>;
  /** The logo uploaded with `POST /api/v1/apps/{id}/logo`; none: Okta's default. `version` grows on each upload. */
  logo?: { mediaType: AppLogoType; bytes: Buffer; version: number };
}

/** The formats Okta accepts for an app logo ("PNG, JPG, SVG, or GIF format, and less than one MB in size"). */
export type AppLogoType = 'image/png' | 'image/jpeg' | 'image/svg+xml' | 'image/gif';
