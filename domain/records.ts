/**
 * The workspace's records: what the sync server stores, what replicas hold, what the
 * Okta projection reads. One zod schema per record; the TypeScript types are inferred
 * from them so a field cannot drift between the server, the wire and the renderer.
 *
 * Records are flat (no nested ids) so they map one-to-one onto SQL rows and RxDB
 * documents. `updatedAt` is set by the server; clients never decide ordering.
 */
import { z } from 'zod';
import { isSecureOrLoopback } from './secure-url';
import { cleanText, text } from './text';

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are 1–64 characters of A–Z, a–z, 0–9, _ and -');
export type Id = z.infer<typeof Id>;

/** ISO-8601 instant written by the server. */
export const Timestamp = z.iso.datetime({ offset: true });

export const WORKSPACE_ROLES = ['owner', 'superAdmin', 'admin', 'user', 'loginOnly'] as const;
export const WorkspaceRole = z.enum(WORKSPACE_ROLES);
export type WorkspaceRole = z.infer<typeof WorkspaceRole>;

export const ITEM_ROLES = ['owner', 'collaborator'] as const;
export const ItemRole = z.enum(ITEM_ROLES);
export type ItemRole = z.infer<typeof ItemRole>;

/** The single settings document of a workspace (id is always `workspace`). */
export const WORKSPACE_SETTINGS_ID = 'workspace';
export const WorkspaceSettings = z.object({
  id: z.literal(WORKSPACE_SETTINGS_ID),
  name: text(200, 1),
  /** "Extended account access" — project extended accounts into Okta. */
  extendedAccessEnabled: z.boolean(),
  /**
   * No longer written: the progress of an Okta sync run is `GET /api/v1/okta/status` (read from
   * the queue), not a replicated record, so no progress write makes a new settings version or an
   * audit row. Kept so settings stored by older servers still parse.
   */
  oktaSyncProgress: z
    .object({
      done: z.number().int().min(0),
      total: z.number().int().min(0),
      startedAt: Timestamp.nullable(),
    })
    .nullable()
    .optional(),
  updatedAt: Timestamp,
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

/**
 * The settings until an admin names the workspace: the server writes them at first start, and
 * every reader of the workspace uses them where no settings row exists. Feature off, so nothing
 * reaches Okta before an admin decides.
 */
export const DEFAULT_SETTINGS: WorkspaceSettings = {
  id: WORKSPACE_SETTINGS_ID,
  name: 'Latchkey',
  extendedAccessEnabled: false,
  updatedAt: new Date(0).toISOString(),
};

export const User = z.object({
  id: Id,
  /** Always the user's primary email (Okta's "Application username format: Email"). */
  userName: z.email().max(320).check(cleanText),
  givenName: text(200),
  familyName: text(200),
  /**
   * The effective workspace role everything reads (policy, visibility, Okta): the higher of
   * `manualRole` and the roles the user's Okta-pushed teams give (domain/workspace-roles.ts).
   */
  role: WorkspaceRole,
  /**
   * The role given by hand (the role command, `roles set`, LATCHKEY_OWNER_EMAIL, or Okta's
   * provisioning default). Stored users got it from their `role` (server migration 0007; replicas
   * the same way, renderer/src/replica/schemas.ts): until then every role was given by hand.
   */
  manualRole: WorkspaceRole.default('user'),
  active: z.boolean(),
  /** SCIM external ID = the Okta user id (`00u…`); null until Okta provisions the user. */
  externalId: text(128, 1).nullable(),
  /** Set when SCIM DELETEs the user: gone from the workspace, still visible to admins as disabled. */
  removedAt: Timestamp.nullable(),
  /**
   * Personal All-Access Mode of a Super Admin or Owner: while on, they see every account and
   * collection (never credentials, never Okta assignments). Set only by the server's command.
   * Fields added after the first release carry a default so records stored before them still parse.
   */
  allAccess: z.boolean().default(false),
  /** Set when an Owner permanently deleted this (deactivated) user: the record is an anonymised tombstone. */
  erasedAt: Timestamp.nullable().default(null),
  updatedAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const Team = z.object({
  id: Id,
  displayName: text(200, 1),
  memberIds: z.array(Id).max(100_000),
  /** The Okta group this team was pushed from or linked to (SCIM Group externalId), if any. */
  oktaGroupId: text(128, 1).nullable(),
  /** The workspace role an Owner mapped this Okta-pushed team to: its members hold at least this. */
  mappedRole: WorkspaceRole.nullable().default(null),
  updatedAt: Timestamp,
});
export type Team = z.infer<typeof Team>;

export const Collection = z.object({
  id: Id,
  name: text(200, 1),
  /**
   * A standing extension to Okta (domain/collection-extension.ts): every account in the collection,
   * now or added later, is extended while this is on. Set only by the server's command.
   */
  extended: z.boolean().default(false),
  /** When the collection was extended; null when it is not. */
  extendedAt: Timestamp.nullable().default(null),
  updatedAt: Timestamp,
});
export type Collection = z.infer<typeof Collection>;

/** The server-owned fields of a collection just created: not extended to Okta. */
export const NEW_COLLECTION_STATE = { extended: false, extendedAt: null } as const satisfies Partial<Collection>;

export const EXTENSION_STATES = ['off', 'pending', 'synced', 'error'] as const;
export const ExtensionState = z.enum(EXTENSION_STATES);
export type ExtensionState = z.infer<typeof ExtensionState>;

/** Optional per-account CSS selectors that override automatic login-form detection. */
export const LoginSelectors = z.object({
  username: text(500, 1).optional(),
  password: text(500, 1).optional(),
  totp: text(500, 1).optional(),
  submit: text(500, 1).optional(),
});
export type LoginSelectors = z.infer<typeof LoginSelectors>;

/** How many departed users an account's rotation mark names; beyond it the earliest are dropped. */
export const MAX_DEPARTED_USER_IDS = 1000;

export const Account = z.object({
  id: Id,
  name: text(200, 1),
  appName: text(200, 1),
  // Credentials are typed into this page: https, or plain http only to this machine (the demo).
  loginUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .check(cleanText)
    .refine(isSecureOrLoopback, { message: 'loginUrl must use https (plain http only to 127.0.0.1 or localhost)' }),
  username: text(320),
  labels: z.array(text(64, 1)).max(50),
  collectionId: Id.nullable(),
  loginSelectors: LoginSelectors.nullable(),
  /** Set when a user with access was deprovisioned: the password should be rotated. */
  rotationRequired: z.boolean(),
  /** When rotation first became required, and the users whose departure requires it (for the banner). */
  rotationRequiredAt: Timestamp.nullable().default(null),
  rotationDepartedUserIds: z.array(Id).max(MAX_DEPARTED_USER_IDS).default([]),
  /**
   * Extended account access (Okta). Written by the server only: its commands (an owner's extend)
   * and its reconciler; a replicated push of it is refused (domain/change-policy.ts).
   */
  extensionState: ExtensionState,
  /**
   * True while the account is extended only because its collection is (it leaves Okta when it
   * leaves the collection or the collection is un-extended); false when its owner extended it on
   * its own — which every extension made before collections could be extended was.
   */
  extendedByCollection: z.boolean().default(false),
  extendedAt: Timestamp.nullable(),
  lastSyncedAt: Timestamp.nullable(),
  lastError: text(2000).nullable(),
  oktaAppId: text(128).nullable(),
  updatedAt: Timestamp,
});
export type Account = z.infer<typeof Account>;

/**
 * The server-owned fields of an account just created: not extended to Okta, never synced, no
 * rotation pending. The server stamps them on creation; replicas and seeds start from them too.
 */
export const NEW_ACCOUNT_STATE = {
  rotationRequired: false,
  rotationRequiredAt: null,
  rotationDepartedUserIds: [],
  extensionState: 'off',
  extendedByCollection: false,
  extendedAt: null,
  lastSyncedAt: null,
  lastError: null,
  oktaAppId: null,
} as const satisfies Partial<Account>;

export const SHARE_ITEM_TYPES = ['account', 'collection'] as const;
export const SHARE_GRANTEE_TYPES = ['user', 'team'] as const;
export const Share = z.object({
  id: Id,
  itemType: z.enum(SHARE_ITEM_TYPES),
  itemId: Id,
  granteeType: z.enum(SHARE_GRANTEE_TYPES),
  granteeId: Id,
  role: ItemRole,
  updatedAt: Timestamp,
});
export type Share = z.infer<typeof Share>;

/**
 * Secrets of an account, kept apart from the account record so they can be replicated
 * only to those who may see them and stored encrypted. `id` equals the account id.
 */
export const Credentials = z.object({
  id: Id,
  accountId: Id,
  password: text(4096),
  /** Base32 TOTP secret (RFC 6238), or null when the account has no MFA. */
  totpSecret: z
    .string()
    .regex(/^[A-Z2-7]+=*$/i, 'a TOTP secret is Base32 (A–Z, 2–7)')
    .max(256)
    .nullable(),
  updatedAt: Timestamp,
});
export type Credentials = z.infer<typeof Credentials>;

/** Everything the pure functions (RBAC, Okta projection) need to decide. */
export interface WorkspaceSnapshot {
  settings: WorkspaceSettings;
  users: readonly User[];
  teams: readonly Team[];
  collections: readonly Collection[];
  accounts: readonly Account[];
  shares: readonly Share[];
}

/**
 * The settings every reader of the workspace uses: the stored document, or `DEFAULT_SETTINGS`
 * where none exists (a fresh store before bootstrap, a deleted row, a replica still pulling).
 */
export function workspaceSettings(stored: WorkspaceSettings | null | undefined): WorkspaceSettings {
  return stored ?? DEFAULT_SETTINGS;
}

/** A stored record as a reader of the workspace sees it: its collection's name and document. */
export interface WorkspaceDoc {
  collection: string;
  doc: unknown;
}

/**
 * The snapshot made of live documents read from a store (validated with these schemas when they
 * were written); documents of other collections (credentials) are left out.
 */
export function workspaceSnapshotOf(docs: Iterable<WorkspaceDoc>): WorkspaceSnapshot {
  const users: User[] = [];
  const teams: Team[] = [];
  const collections: Collection[] = [];
  const accounts: Account[] = [];
  const shares: Share[] = [];
  let settings: WorkspaceSettings | undefined;
  for (const { collection, doc } of docs) {
    if (collection === 'settings') settings = doc as WorkspaceSettings;
    else if (collection === 'users') users.push(doc as User);
    else if (collection === 'teams') teams.push(doc as Team);
    else if (collection === 'collections') collections.push(doc as Collection);
    else if (collection === 'accounts') accounts.push(doc as Account);
    else if (collection === 'shares') shares.push(doc as Share);
  }
  return { settings: workspaceSettings(settings), users, teams, collections, accounts, shares };
}
