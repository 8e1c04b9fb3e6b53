/**
 * Effective access: who holds which item role on an account or collection, and why.
 *
 * The product documents this follows (file names in `domain/policy-table.ts` sources):
 * - extended-account-access.md: "Cerby always verifies the RBAC system to ensure users have
 *   access to an account through any type of share: account, collection, or team." → four
 *   paths (direct, team, collection, team-on-collection); the strongest role wins.
 * - extended-account-access.md: deprovisioned or deactivated users "lose all access … to all
 *   items" → inactive or removed users hold no role at all.
 * - troubleshooting-extended-account-access.md: All-Access Mode "enables users to view all
 *   accounts … and recover accounts by reassigning Owners", and it is personal: "If you or another
 *   workspace Super Admin or Owner turns on All-Access Mode … you or this user". It is visibility,
 *   never an item role, so it never yields credentials, chiclets or Okta assignments (we do better
 *   than the seed's stale-chiclet limitation by never assigning through it at all).
 */
import type { ItemRole, Share, Team, User } from './records';
import {
  accountIdsIn,
  hasWorkspaceRole,
  isActiveMember,
  type ShareItemType,
  sharesHeldBy,
  sharesOn,
  teamIdsOf,
  type WorkspaceIndex,
} from './workspace-index';

export type AccessPath =
  | { kind: 'direct'; role: ItemRole; shareId: string }
  | { kind: 'team'; role: ItemRole; shareId: string; teamId: string; teamName: string }
  | { kind: 'collection'; role: ItemRole; shareId: string; collectionId: string; collectionName: string }
  | {
      kind: 'teamOnCollection';
      role: ItemRole;
      shareId: string;
      teamId: string;
      teamName: string;
      collectionId: string;
      collectionName: string;
    };

/**
 * `role` is the strongest role over all paths (owner > collaborator), null when none.
 * `paths` lists every path that grants a role, strongest first, so `paths[0]` is one that
 * grants `role` and the rest tell the UI what would remain if that one were removed.
 */
export interface EffectiveAccess {
  role: ItemRole | null;
  paths: AccessPath[];
}

function noAccess(): EffectiveAccess {
  return { role: null, paths: [] };
}

export function effectiveRole(ws: WorkspaceIndex, userId: string, accountId: string): EffectiveAccess {
  const account = ws.accounts.get(accountId);
  if (account === undefined || !isActiveMember(ws.users.get(userId))) return noAccess();
  const teamIds = new Set(teamIdsOf(ws, userId));
  const isMember = (teamId: string): boolean => teamIds.has(teamId);
  const paths: AccessPath[] = [];
  for (const share of sharesOn(ws, 'account', accountId)) {
    const path = pathFor(ws, share, userId, isMember, null);
    if (path !== null) paths.push(path);
  }
  if (account.collectionId !== null) {
    for (const share of sharesOn(ws, 'collection', account.collectionId)) {
      const path = pathFor(ws, share, userId, isMember, account.collectionId);
      if (path !== null) paths.push(path);
    }
  }
  return toAccess(paths);
}

/** Access to the collection itself: its paths are `direct` and `team` shares on it. */
export function effectiveCollectionRole(ws: WorkspaceIndex, userId: string, collectionId: string): EffectiveAccess {
  if (!ws.collections.has(collectionId) || !isActiveMember(ws.users.get(userId))) return noAccess();
  const teamIds = new Set(teamIdsOf(ws, userId));
  const paths: AccessPath[] = [];
  for (const share of sharesOn(ws, 'collection', collectionId)) {
    const path = pathFor(ws, share, userId, (teamId) => teamIds.has(teamId), null);
    if (path !== null) paths.push(path);
  }
  return toAccess(paths);
}

/** Effective access on an item for whichever share item type it is. */
export function effectiveItemRole(
  ws: WorkspaceIndex,
  userId: string,
  item: { type: ShareItemType; id: string },
): EffectiveAccess {
  return item.type === 'account' ? effectiveRole(ws, userId, item.id) : effectiveCollectionRole(ws, userId, item.id);
}

/**
 * Every active user holding a role on an item, with their effective access. Costs
 * O(grantees of the item's shares), which is what the Okta projection and the "ask an
 * owner" messages need; it agrees with `effectiveRole` for every user (property-tested).
 */
export function holdersOf(ws: WorkspaceIndex, item: { type: ShareItemType; id: string }): Map<string, EffectiveAccess> {
  const byUser = new Map<string, AccessPath[]>();
  const add = (share: Share, viaCollection: string | null): void => {
    for (const userId of granteeUserIds(ws, share)) {
      if (!isActiveMember(ws.users.get(userId))) continue;
      // The user came from the team's member list, so team membership holds by construction.
      const path = pathFor(ws, share, userId, () => true, viaCollection);
      if (path === null) continue;
      const list = byUser.get(userId);
      if (list === undefined) byUser.set(userId, [path]);
      else list.push(path);
    }
  };
  if (item.type === 'account') {
    const account = ws.accounts.get(item.id);
    if (account === undefined) return new Map();
    for (const share of sharesOn(ws, 'account', item.id)) add(share, null);
    if (account.collectionId !== null) {
      for (const share of sharesOn(ws, 'collection', account.collectionId)) add(share, account.collectionId);
    }
  } else {
    if (!ws.collections.has(item.id)) return new Map();
    for (const share of sharesOn(ws, 'collection', item.id)) add(share, null);
  }
  const result = new Map<string, EffectiveAccess>();
  for (const [userId, paths] of byUser) result.set(userId, toAccess(paths));
  return result;
}

export interface Visibility {
  accountIds: Set<string>;
  collectionIds: Set<string>;
  shareIds: Set<string>;
  credentialAccountIds: Set<string>;
}

/**
 * What a user's replica may hold — used to filter pulls and to emit tombstones when access
 * ends. Costs O(the user's paths) unless their All-Access Mode makes everything visible.
 */
export function visibleTo(ws: WorkspaceIndex, userId: string): Visibility {
  const user = ws.users.get(userId);
  const none: Visibility = {
    accountIds: new Set(),
    collectionIds: new Set(),
    shareIds: new Set(),
    credentialAccountIds: new Set(),
  };
  if (!isActiveMember(user)) return none;

  const { accounts: roleAccounts, collections: roleCollections } = itemsWithRole(ws, userId);

  const allAccess = seesEverything(ws, user);
  const accountIds = allAccess ? new Set(ws.accounts.keys()) : roleAccounts;
  const collectionIds = allAccess ? new Set(ws.collections.keys()) : roleCollections;
  // "Shares are visible to whoever can see their item": a collaborator sees who else has access.
  const shareIds = new Set<string>();
  for (const accountId of accountIds) for (const s of sharesOn(ws, 'account', accountId)) shareIds.add(s.id);
  for (const collectionId of collectionIds)
    for (const s of sharesOn(ws, 'collection', collectionId)) shareIds.add(s.id);
  // Login-only users "are unable to access an account's credentials" (extended-account-access.md).
  const credentialAccountIds = user.role === 'loginOnly' ? new Set<string>() : new Set(roleAccounts);
  return { accountIds, collectionIds, shareIds, credentialAccountIds };
}

/**
 * The accounts and collections on which `userId` holds an item role (`effectiveRole(...).role !==
 * null` for each, property-tested), found from the user's own shares: O(the user's paths), so
 * asking it for every member costs one pass over the shares, not members × accounts.
 */
export function itemsWithRole(ws: WorkspaceIndex, userId: string): { accounts: Set<string>; collections: Set<string> } {
  const accounts = new Set<string>();
  const collections = new Set<string>();
  if (!isActiveMember(ws.users.get(userId))) return { accounts, collections };
  const held = [
    ...sharesHeldBy(ws, 'user', userId),
    // teamIdsOf lists only teams that exist, each once: what pathFor requires of a team share.
    ...teamIdsOf(ws, userId).flatMap((teamId) => sharesHeldBy(ws, 'team', teamId)),
  ];
  for (const share of held) {
    if (share.itemType === 'account') {
      if (ws.accounts.has(share.itemId)) accounts.add(share.itemId);
    } else if (ws.collections.has(share.itemId)) {
      collections.add(share.itemId);
      for (const accountId of accountIdsIn(ws, share.itemId)) accounts.add(accountId);
    }
  }
  return { accounts, collections };
}

/**
 * Who may hold personal All-Access Mode at all: active Super Admins and Owners. A plain Admin
 * never does, whoever else has theirs on.
 */
export function mayHoldAllAccess(user: User | undefined): boolean {
  return isActiveMember(user) && hasWorkspaceRole(user.role, 'superAdmin');
}

/**
 * Whether `user` sees every account and collection: only through their own All-Access Mode.
 * Another Super Admin's mode changes nothing for anyone else. The workspace index is taken so
 * callers keep one shape for every access question.
 */
export function seesEverything(_ws: WorkspaceIndex, user: User): boolean {
  return user.allAccess && mayHoldAllAccess(user);
}

/**
 * The user record with All-Access Mode cleared when they may no longer hold it (demoted below
 * Super Admin, deactivated, removed), so it does not come back on by itself when they are
 * promoted or reactivated later. Every server write of a user's role or activeness goes through it.
 */
export function settleAllAccess(user: User): User {
  if (!user.allAccess || mayHoldAllAccess(user)) return user;
  return { ...user, allAccess: false };
}

/**
 * The SCIM external ID is shown only to Admins and above ("As a workspace Admin, Super Admin,
 * or Owner, you can view the SCIM external ID of all users", troubleshooting seed).
 */
export function redactUserFor(ws: WorkspaceIndex, viewerId: string, user: User): User {
  return seesDirectoryLinks(ws, viewerId) ? user : { ...user, externalId: null };
}

/** A team's Okta group id is the same kind of link as a user's SCIM external ID: admins only. */
export function redactTeamFor(ws: WorkspaceIndex, viewerId: string, team: Team): Team {
  return seesDirectoryLinks(ws, viewerId) ? team : { ...team, oktaGroupId: null };
}

function seesDirectoryLinks(ws: WorkspaceIndex, viewerId: string): boolean {
  const viewer = ws.users.get(viewerId);
  return isActiveMember(viewer) && hasWorkspaceRole(viewer.role, 'admin');
}

const KIND_ORDER: Readonly<Record<AccessPath['kind'], number>> = {
  direct: 0,
  team: 1,
  collection: 2,
  teamOnCollection: 3,
};

function toAccess(paths: AccessPath[]): EffectiveAccess {
  if (paths.length === 0) return noAccess();
  paths.sort(
    (a, b) =>
      roleRank(b.role) - roleRank(a.role) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.shareId < b.shareId ? -1 : a.shareId > b.shareId ? 1 : 0),
  );
  return { role: paths[0]?.role ?? null, paths };
}

function roleRank(role: ItemRole): number {
  return role === 'owner' ? 2 : 1;
}

/**
 * The path `share` gives `userId`, or null. `viaCollection` is set when the share sits on the
 * collection holding the account being asked about. Team shares count only for current
 * members of a team that exists; a share to a missing team grants nothing.
 */
function pathFor(
  ws: WorkspaceIndex,
  share: Share,
  userId: string,
  isMember: (teamId: string) => boolean,
  viaCollection: string | null,
): AccessPath | null {
  const base = { role: share.role, shareId: share.id };
  const collection = viaCollection === null ? undefined : ws.collections.get(viaCollection);
  if (viaCollection !== null && collection === undefined) return null;
  if (share.granteeType === 'user') {
    if (share.granteeId !== userId) return null;
    return collection === undefined
      ? { kind: 'direct', ...base }
      : { kind: 'collection', ...base, collectionId: collection.id, collectionName: collection.name };
  }
  const team = ws.teams.get(share.granteeId);
  if (team === undefined || !isMember(team.id)) return null;
  const via = { teamId: team.id, teamName: team.displayName };
  return collection === undefined
    ? { kind: 'team', ...base, ...via }
    : { kind: 'teamOnCollection', ...base, ...via, collectionId: collection.id, collectionName: collection.name };
}

function granteeUserIds(ws: WorkspaceIndex, share: Share): Iterable<string> {
  if (share.granteeType === 'user') return [share.granteeId];
  return new Set(ws.teams.get(share.granteeId)?.memberIds ?? []);
}
