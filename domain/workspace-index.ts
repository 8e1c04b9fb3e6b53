/**
 * A workspace snapshot indexed once so that every access question costs O(paths to the
 * item), not O(workspace). The sync server asks `effectiveRole` for every (user, account)
 * pair when it filters a pull of tens of thousands of accounts, so nothing here may scan
 * the whole snapshot per question.
 *
 * The index is read-only: build a new one when the snapshot changes.
 */
import type {
  Account,
  Collection,
  Share,
  Team,
  User,
  WorkspaceRole,
  WorkspaceSettings,
  WorkspaceSnapshot,
} from './records';
import { ERASED_USER_NAME, isErased } from './user-erasure';

export type ShareItemType = Share['itemType'];

export interface WorkspaceIndex {
  readonly settings: WorkspaceSettings;
  readonly users: ReadonlyMap<string, User>;
  readonly teams: ReadonlyMap<string, Team>;
  readonly collections: ReadonlyMap<string, Collection>;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly shares: ReadonlyMap<string, Share>;
  /** Shares on an item, keyed by `itemKey(itemType, itemId)`. */
  readonly sharesByItem: ReadonlyMap<string, readonly Share[]>;
  /** Shares held by a grantee, keyed by `granteeKey(granteeType, granteeId)`. */
  readonly sharesByGrantee: ReadonlyMap<string, readonly Share[]>;
  /** Team ids a user is a current member of (only teams that exist). */
  readonly teamIdsByMember: ReadonlyMap<string, readonly string[]>;
  /** Account ids whose `collectionId` is the key. */
  readonly accountIdsByCollection: ReadonlyMap<string, readonly string[]>;
}

export function itemKey(itemType: ShareItemType, itemId: string): string {
  return `${itemType}:${itemId}`;
}

export function granteeKey(granteeType: Share['granteeType'], granteeId: string): string {
  return `${granteeType}:${granteeId}`;
}

const EMPTY: readonly never[] = Object.freeze([]);

export function indexWorkspace(snapshot: WorkspaceSnapshot): WorkspaceIndex {
  const users = byId(snapshot.users);
  const teams = byId(snapshot.teams);
  const collections = byId(snapshot.collections);
  const accounts = byId(snapshot.accounts);
  const shares = byId(snapshot.shares);

  const sharesByItem = new Map<string, Share[]>();
  const sharesByGrantee = new Map<string, Share[]>();
  for (const share of shares.values()) {
    push(sharesByItem, itemKey(share.itemType, share.itemId), share);
    push(sharesByGrantee, granteeKey(share.granteeType, share.granteeId), share);
  }

  const teamIdsByMember = new Map<string, string[]>();
  for (const team of teams.values()) {
    // A member listed twice is still one membership.
    for (const memberId of new Set(team.memberIds)) push(teamIdsByMember, memberId, team.id);
  }

  const accountIdsByCollection = new Map<string, string[]>();
  for (const account of accounts.values()) {
    if (account.collectionId !== null) push(accountIdsByCollection, account.collectionId, account.id);
  }

  return {
    settings: snapshot.settings,
    users,
    teams,
    collections,
    accounts,
    shares,
    sharesByItem,
    sharesByGrantee,
    teamIdsByMember,
    accountIdsByCollection,
  };
}

export function sharesOn(ws: WorkspaceIndex, itemType: ShareItemType, itemId: string): readonly Share[] {
  return ws.sharesByItem.get(itemKey(itemType, itemId)) ?? EMPTY;
}

export function sharesHeldBy(
  ws: WorkspaceIndex,
  granteeType: Share['granteeType'],
  granteeId: string,
): readonly Share[] {
  return ws.sharesByGrantee.get(granteeKey(granteeType, granteeId)) ?? EMPTY;
}

export function teamIdsOf(ws: WorkspaceIndex, userId: string): readonly string[] {
  return ws.teamIdsByMember.get(userId) ?? EMPTY;
}

export function accountIdsIn(ws: WorkspaceIndex, collectionId: string): readonly string[] {
  return ws.accountIdsByCollection.get(collectionId) ?? EMPTY;
}

/**
 * Deactivated (SCIM `active: false`) and deleted (SCIM DELETE → `removedAt`) users lose all
 * access: "Deprovisioned or deactivated users in Okta lose all access … to all items"
 * (seeds/extended-account-access.md).
 */
export function isActiveMember(user: User | undefined): user is User {
  return user?.active === true && user.removedAt === null;
}

const ROLE_RANK: Readonly<Record<WorkspaceRole, number>> = {
  loginOnly: 0,
  user: 1,
  admin: 2,
  superAdmin: 3,
  owner: 4,
};

/** True when `role` is `atLeast` or stronger (owner > superAdmin > admin > user > loginOnly). */
export function hasWorkspaceRole(role: WorkspaceRole, atLeast: WorkspaceRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

/** The name people see; an erased user is "Deleted user" everywhere, whatever their record held. */
export function displayName(user: User): string {
  if (isErased(user)) return ERASED_USER_NAME;
  const full = `${user.givenName} ${user.familyName}`.trim();
  return full === '' ? user.userName : full;
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const record of records) map.set(record.id, record);
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
