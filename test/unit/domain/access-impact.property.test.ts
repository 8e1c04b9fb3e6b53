import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveRole } from '../../../domain/access';
import { accountsReachedBy, type ReachRef } from '../../../domain/access-impact';
import { projectOkta } from '../../../domain/okta-projection';
import { ITEM_ROLES, type WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';
import { makeShare } from '../../support/workspace-factory';
import { workspaceArb } from './arbitraries';

/** Accounts where some user's role or the Okta app's assignees differ between two snapshots. */
function changedAccounts(before: WorkspaceSnapshot, after: WorkspaceSnapshot): Set<string> {
  const [b, a] = [indexWorkspace(before), indexWorkspace(after)];
  const project = (ws: typeof b) =>
    new Map(
      projectOkta(ws, { launchUrl: (id) => id, currentLabels: new Map() }).map((app) => [
        app.accountId,
        app.assigneeOktaUserIds,
      ]),
    );
  const [pb, pa] = [project(b), project(a)];
  const changed = new Set<string>();
  for (const account of after.accounts) {
    const roleChanged = after.users.some(
      (u) => effectiveRole(b, u.id, account.id).role !== effectiveRole(a, u.id, account.id).role,
    );
    if (roleChanged || JSON.stringify(pb.get(account.id)) !== JSON.stringify(pa.get(account.id)))
      changed.add(account.id);
  }
  return changed;
}

function reachBoth(before: WorkspaceSnapshot, after: WorkspaceSnapshot, ref: ReachRef): Set<string> {
  return new Set([...accountsReachedBy(indexWorkspace(before), ref), ...accountsReachedBy(indexWorkspace(after), ref)]);
}

function expectSubset(changed: Set<string>, reach: Set<string>): void {
  for (const id of changed) expect(reach, `account ${id} changed but was not reached`).toContain(id);
}

const RUNS = { numRuns: 200 };

describe('accountsReachedBy (property-based)', () => {
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
          expectSubset(changedAccounts(snap, added), reachBoth(snap, added, { type: 'share', share }));
          expectSubset(changedAccounts(added, snap), reachBoth(added, snap, { type: 'share', share }));
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
        const after = { ...snap, teams: snap.teams.map((t) => (t.id === team.id ? { ...t, memberIds: toggled } : t)) };
        expectSubset(changedAccounts(snap, after), reachBoth(snap, after, { type: 'team', teamId: team.id }));
      }),
      RUNS,
    );
  });

  it('covers every account a user deactivation or Okta identity change affects', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), (snap, userPick) => {
        const user = snap.users[userPick % snap.users.length];
        if (user === undefined) return;
        const after = {
          ...snap,
          users: snap.users.map((u) =>
            u.id === user.id ? { ...u, active: !u.active, externalId: u.externalId === null ? '00unew' : null } : u,
          ),
        };
        expectSubset(changedAccounts(snap, after), reachBoth(snap, after, { type: 'user', userId: user.id }));
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
        const after = {
          ...snap,
          accounts: snap.accounts.map((a) => (a.id === account.id ? { ...a, collectionId: target } : a)),
        };
        const changed = changedAccounts(snap, after);
        expectSubset(changed, accountsReachedBy(indexWorkspace(after), { type: 'account', accountId: account.id }));
      }),
      RUNS,
    );
  });
});
