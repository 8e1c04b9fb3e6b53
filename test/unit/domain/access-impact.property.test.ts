import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeShare } from '../../../dev/stack/workspace-factory';
import { effectiveRole } from '../../../domain/access';
import { type ImpactRefs, oktaImpactOf, type RecordChange, visibilityImpactOf } from '../../../domain/access-impact';
import { projectOkta } from '../../../domain/okta-projection';
import { ITEM_ROLES, type WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';
import { workspaceArb } from './arbitraries';

/**
 * The rule's two answers, checked against what actually changed: every account whose Okta app
 * (assignees) changed must be reached from `oktaImpactOf`, every account on which some user's role
 * changed from `visibilityImpactOf`. "Reached" expands the refs over the workspace after the
 * change, as the server's SQL does inside the writer's transaction (sync-server/store/impact-queries.ts).
 */
function reached(after: WorkspaceSnapshot, refs: ImpactRefs): Set<string> | 'all' {
  if (refs.all) return 'all';
  const accounts = new Set(refs.accountIds);
  const collections = new Set(refs.collectionIds);
  const teams = new Set(refs.teamIds);
  for (const team of after.teams) if (team.memberIds.some((m) => refs.userIds.includes(m))) teams.add(team.id);
  for (const share of after.shares) {
    const held = share.granteeType === 'user' ? refs.userIds.includes(share.granteeId) : teams.has(share.granteeId);
    if (held) (share.itemType === 'account' ? accounts : collections).add(share.itemId);
  }
  for (const account of after.accounts)
    if (account.collectionId !== null && collections.has(account.collectionId)) accounts.add(account.id);
  return accounts;
}

function changedAccounts(before: WorkspaceSnapshot, after: WorkspaceSnapshot) {
  const [b, a] = [indexWorkspace(before), indexWorkspace(after)];
  const project = (ws: typeof b) =>
    new Map(
      projectOkta(ws, { launchUrl: (id) => id, currentLabels: new Map() }).map((app) => [
        app.accountId,
        app.assigneeOktaUserIds,
      ]),
    );
  const [pb, pa] = [project(b), project(a)];
  const roles = new Set<string>();
  const okta = new Set<string>();
  for (const account of after.accounts) {
    const users = [...before.users, ...after.users];
    if (users.some((u) => effectiveRole(b, u.id, account.id).role !== effectiveRole(a, u.id, account.id).role))
      roles.add(account.id);
    if (JSON.stringify(pb.get(account.id)) !== JSON.stringify(pa.get(account.id))) okta.add(account.id);
  }
  return { roles, okta };
}

/** Checks one change from `before` to `after` against both answers. */
function expectCovered(before: WorkspaceSnapshot, after: WorkspaceSnapshot, change: RecordChange): void {
  const { roles, okta } = changedAccounts(before, after);
  const seen = reached(after, visibilityImpactOf(change));
  const queued = reached(after, oktaImpactOf(change));
  for (const id of roles)
    if (seen !== 'all') expect(seen, `account ${id}: a role changed, not re-sequenced`).toContain(id);
  for (const id of okta)
    if (queued !== 'all') expect(queued, `account ${id}: its Okta app changed, not queued`).toContain(id);
}

const RUNS = { numRuns: 200 };

describe('visibilityImpactOf and oktaImpactOf (property-based)', () => {
  it('covers every account a new or removed share changes', () => {
    fc.assert(
      fc.property(
        workspaceArb,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.constantFrom(...ITEM_ROLES),
        (snap, itemPick, granteePick, toTeam, role) => {
          const onCollection = snap.collections.length > 0 && itemPick % 2 === 1;
          const item = onCollection
            ? { collection: snap.collections[itemPick % snap.collections.length]?.id ?? 'x' }
            : { account: snap.accounts[itemPick % snap.accounts.length]?.id ?? 'x' };
          const grantee =
            toTeam && snap.teams.length > 0
              ? { team: snap.teams[granteePick % snap.teams.length]?.id ?? 'x' }
              : { user: snap.users[granteePick % snap.users.length]?.id ?? 'x' };
          const share = makeShare(item, grantee, role, 'new-share');
          const added = { ...snap, shares: [...snap.shares, share] };
          expectCovered(snap, added, { collection: 'shares', before: null, after: share });
          expectCovered(added, snap, { collection: 'shares', before: share, after: null });
        },
      ),
      RUNS,
    );
  });

  it('covers every account a team membership change affects', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), fc.nat(), (snap, teamPick, userPick) => {
        fc.pre(snap.teams.length > 0);
        const team = snap.teams[teamPick % snap.teams.length];
        const user = snap.users[userPick % snap.users.length];
        if (team === undefined || user === undefined) return;
        const toggled = team.memberIds.includes(user.id)
          ? team.memberIds.filter((id) => id !== user.id)
          : [...team.memberIds, user.id];
        const changed = { ...team, memberIds: toggled };
        const after = { ...snap, teams: snap.teams.map((t) => (t.id === team.id ? changed : t)) };
        expectCovered(snap, after, { collection: 'teams', before: team, after: changed });
      }),
      RUNS,
    );
  });

  it('covers every account a user deactivation or Okta identity change affects', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), (snap, userPick) => {
        const user = snap.users[userPick % snap.users.length];
        if (user === undefined) return;
        const changed = { ...user, active: !user.active, externalId: user.externalId === null ? '00unew' : null };
        const after = { ...snap, users: snap.users.map((u) => (u.id === user.id ? changed : u)) };
        expectCovered(snap, after, { collection: 'users', before: user, after: changed });
      }),
      RUNS,
    );
  });

  it('covers an account moved between collections', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), fc.nat(), (snap, accountPick, collectionPick) => {
        const account = snap.accounts[accountPick % snap.accounts.length];
        if (account === undefined) return;
        const target =
          snap.collections.length === 0
            ? null
            : (snap.collections[collectionPick % snap.collections.length]?.id ?? null);
        const moved = { ...account, collectionId: target };
        const after = { ...snap, accounts: snap.accounts.map((a) => (a.id === account.id ? moved : a)) };
        expectCovered(snap, after, { collection: 'accounts', before: account, after: moved });
      }),
      RUNS,
    );
  });
});
