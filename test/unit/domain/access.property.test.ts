import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveCollectionRole, effectiveRole, holdersOf, itemsWithRole, visibleTo } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import type { ItemRole, Share, WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';
import { workspaceArb } from './arbitraries';

/** Shares that give `userId` a role on the account, by brute force over the raw snapshot. */
function reachingShares(snap: WorkspaceSnapshot, userId: string, accountId: string): Share[] {
  const user = snap.users.find((u) => u.id === userId);
  const account = snap.accounts.find((a) => a.id === accountId);
  if (user?.active !== true || user.removedAt !== null || !account) return [];
  return snap.shares.filter((s) => {
    const onAccount = s.itemType === 'account' && s.itemId === accountId;
    const onCollection =
      s.itemType === 'collection' &&
      s.itemId === account.collectionId &&
      snap.collections.some((c) => c.id === s.itemId);
    return (onAccount || onCollection) && reaches(snap, s, userId);
  });
}

function collectionShares(snap: WorkspaceSnapshot, userId: string, collectionId: string): Share[] {
  const user = snap.users.find((u) => u.id === userId);
  if (user?.active !== true || user.removedAt !== null || !snap.collections.some((c) => c.id === collectionId))
    return [];
  return snap.shares.filter(
    (s) => s.itemType === 'collection' && s.itemId === collectionId && reaches(snap, s, userId),
  );
}

function reaches(snap: WorkspaceSnapshot, share: Share, userId: string): boolean {
  return share.granteeType === 'user'
    ? share.granteeId === userId
    : snap.teams.some((t) => t.id === share.granteeId && t.memberIds.includes(userId));
}

function strongest(shares: Share[]): ItemRole | null {
  if (shares.length === 0) return null;
  return shares.some((s) => s.role === 'owner') ? 'owner' : 'collaborator';
}

const RUNS = { numRuns: 300 };

describe('effective access (property-based)', () => {
  it('is the strongest role over exactly the shares that reach the user, strongest path first', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const user of snap.users) {
          for (const account of snap.accounts) {
            const expected = reachingShares(snap, user.id, account.id);
            const access = effectiveRole(ws, user.id, account.id);
            expect(access.role).toBe(strongest(expected));
            expect(access.paths.map((p) => p.shareId).sort()).toEqual(expected.map((s) => s.id).sort());
            if (access.role !== null) expect(access.paths[0]?.role).toBe(access.role);
          }
          for (const collection of snap.collections) {
            const expected = collectionShares(snap, user.id, collection.id);
            const access = effectiveCollectionRole(ws, user.id, collection.id);
            expect(access.role).toBe(strongest(expected));
            expect(access.paths.length).toBe(expected.length);
          }
        }
      }),
      RUNS,
    );
  });

  it('names the team and collection each path goes through', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const user of snap.users) {
          for (const account of snap.accounts) {
            for (const path of effectiveRole(ws, user.id, account.id).paths) {
              const share = snap.shares.find((s) => s.id === path.shareId);
              expect(share?.role).toBe(path.role);
              const viaTeam = path.kind === 'team' || path.kind === 'teamOnCollection';
              const viaCollection = path.kind === 'collection' || path.kind === 'teamOnCollection';
              expect(share?.granteeType).toBe(viaTeam ? 'team' : 'user');
              expect(share?.itemType).toBe(viaCollection ? 'collection' : 'account');
              if (viaTeam) expect(snap.teams.find((t) => t.id === path.teamId)?.displayName).toBe(path.teamName);
              if (viaCollection) expect(path.collectionId).toBe(account.collectionId);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('holdersOf agrees with effectiveRole for every user and item', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        const items = [
          ...snap.accounts.map((a) => ({ type: 'account' as const, id: a.id })),
          ...snap.collections.map((c) => ({ type: 'collection' as const, id: c.id })),
        ];
        for (const item of items) {
          const holders = holdersOf(ws, item);
          for (const user of snap.users) {
            const access =
              item.type === 'account'
                ? effectiveRole(ws, user.id, item.id)
                : effectiveCollectionRole(ws, user.id, item.id);
            expect(holders.get(user.id) ?? { role: null, paths: [] }).toEqual(access);
          }
        }
      }),
      RUNS,
    );
  });

  it('itemsWithRole lists exactly the accounts and collections on which effective access gives a role', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const user of [...snap.users, { id: 'nobody-by-this-id' }]) {
          const held = itemsWithRole(ws, user.id);
          const accounts = snap.accounts.filter((a) => effectiveRole(ws, user.id, a.id).role !== null);
          const collections = snap.collections.filter((c) => effectiveCollectionRole(ws, user.id, c.id).role !== null);
          expect([...held.accounts].sort()).toEqual([...new Set(accounts.map((a) => a.id))].sort());
          expect([...held.collections].sort()).toEqual([...new Set(collections.map((c) => c.id))].sort());
        }
      }),
      RUNS,
    );
  });

  it('visibleTo holds exactly what the user has a role on, plus everything for a Super Admin or Owner with their own All-Access Mode on', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const user of snap.users) {
          const seen = visibleTo(ws, user.id);
          const withRole = snap.accounts.filter((a) => effectiveRole(ws, user.id, a.id).role !== null).map((a) => a.id);
          const collectionsWithRole = snap.collections
            .filter((c) => effectiveCollectionRole(ws, user.id, c.id).role !== null)
            .map((c) => c.id);
          const present = user.active && user.removedAt === null;
          const allAccess = present && user.allAccess && ['superAdmin', 'owner'].includes(user.role);
          expect([...seen.accountIds].sort()).toEqual(
            allAccess ? snap.accounts.map((a) => a.id).sort() : withRole.sort(),
          );
          expect([...seen.collectionIds].sort()).toEqual(
            allAccess ? snap.collections.map((c) => c.id).sort() : collectionsWithRole.sort(),
          );
          // All-Access Mode never yields credentials; Login-only users never get any.
          expect([...seen.credentialAccountIds].sort()).toEqual(user.role === 'loginOnly' ? [] : withRole.sort());
          const expectedShares = snap.shares
            .filter((s) => (s.itemType === 'account' ? seen.accountIds : seen.collectionIds).has(s.itemId))
            .map((s) => s.id);
          expect([...seen.shareIds].sort()).toEqual(expectedShares.sort());
          if (!present) expect(seen.accountIds.size + seen.collectionIds.size + seen.shareIds.size).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('agrees with decide: what a replica holds is exactly what the user may view, and credentials what they may see', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const user of snap.users) {
          const seen = visibleTo(ws, user.id);
          for (const account of snap.accounts) {
            const item = { type: 'account' as const, id: account.id };
            expect(seen.accountIds.has(account.id)).toBe(decide(ws, user.id, 'account.view', item).allowed);
            expect(seen.credentialAccountIds.has(account.id)).toBe(
              decide(ws, user.id, 'credentials.view', item).allowed,
            );
          }
          for (const collection of snap.collections) {
            const item = { type: 'collection' as const, id: collection.id };
            expect(seen.collectionIds.has(collection.id)).toBe(decide(ws, user.id, 'collection.view', item).allowed);
          }
        }
      }),
      RUNS,
    );
  });
});
