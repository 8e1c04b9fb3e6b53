import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { effectiveRole } from '../../../domain/access';
import { decideNewOwner, isOrphaned, orphanedAccounts, ownerCandidates } from '../../../domain/orphaned-accounts';
import { indexWorkspace, isActiveMember } from '../../../domain/workspace-index';
import { workspaceArb } from './arbitraries';
import { people, workspace } from './policy-fixture';

const dana = makeUser({ id: 'dana', givenName: 'Dana', familyName: 'Lee', active: false });
const omar = makeUser({ id: 'omar', givenName: 'Omar', familyName: 'Ortiz', removedAt: '2026-02-01T00:00:00.000Z' });
const bob = makeUser({ id: 'bob', givenName: 'Bob', familyName: 'Active' });
const lou = makeUser({ id: 'lou', givenName: 'Lou', familyName: 'Loginonly', role: 'loginOnly' });
const brand = makeCollection({ id: 'brand', name: 'Brand' });
const design = makeTeam({ id: 'design', displayName: 'Design', memberIds: ['bob'] });

function world() {
  const byTeam = makeAccount({ id: 'by-team', name: 'Byteam' });
  const inBrand = makeAccount({ id: 'in-brand', name: 'Inbrand', collectionId: 'brand' });
  const left = makeAccount({ id: 'left', name: 'Left' });
  const viaCollection = makeAccount({ id: 'via-coll', name: 'Viacollection', collectionId: 'brand' });
  return {
    settings: makeSettings(),
    users: [dana, omar, bob, lou],
    teams: [design],
    collections: [brand],
    accounts: [byTeam, inBrand, left, viaCollection],
    shares: [
      // Owned through a team Bob is in: not orphaned.
      makeShare({ account: byTeam }, { team: design }, 'owner', 's1'),
      // Dana (deactivated) still holds her direct Owner share, Bob only collaborates.
      makeShare({ account: left }, { user: dana }, 'owner', 's2'),
      makeShare({ account: left }, { user: bob }, 'collaborator', 's3'),
      // Omar (removed) owned the collection; nobody else owns either account in it.
      makeShare({ collection: brand }, { user: omar }, 'owner', 's4'),
    ],
  };
}

describe('orphanedAccounts', () => {
  it('counts an account owned only by a Login-only member as orphaned: they may not edit or share it', () => {
    const stuck = makeAccount({ id: 'stuck', name: 'Stuck' });
    const snap = {
      ...world(),
      accounts: [stuck],
      shares: [makeShare({ account: stuck }, { user: lou }, 'owner', 's9')],
    };
    const ws = indexWorkspace(snap);
    expect(isOrphaned(ws, 'stuck')).toBe(true);
    expect(decideNewOwner(ws, 'stuck', 'bob')).toEqual({ allowed: true });
    // Once Bob owns it too, it is no longer orphaned.
    const owned = indexWorkspace({
      ...snap,
      shares: [...snap.shares, makeShare({ account: stuck }, { user: bob }, 'owner', 's10')],
    });
    expect(isOrphaned(owned, 'stuck')).toBe(false);
  });

  it('lists the accounts with no active Owner by any path, with the people who owned them', () => {
    const found = orphanedAccounts(indexWorkspace(world()));
    expect(found.map((o) => [o.account.id, o.formerOwners.map((u) => u.id)])).toEqual([
      ['in-brand', ['omar']],
      ['left', ['dana']],
      ['via-coll', ['omar']],
    ]);
  });

  it('names the owners whose shares were removed when they were deprovisioned', () => {
    const snap = world();
    const departed = snap.shares.filter((s) => s.id === 's2');
    const ws = indexWorkspace({ ...snap, shares: snap.shares.filter((s) => s.id !== 's2') });
    const left = orphanedAccounts(ws, departed).find((o) => o.account.id === 'left');
    expect(left?.formerOwners.map((u) => u.id)).toEqual(['dana']);
    // A removed share that never reached the account names nobody.
    const other = orphanedAccounts(ws, departed).find((o) => o.account.id === 'in-brand');
    expect(other?.formerOwners.map((u) => u.id)).toEqual(['omar']);
  });

  it('does not count a collaborator, an inactive owner or an owner through a dangling team', () => {
    const ws = workspace();
    expect(isOrphaned(ws, 'orphan')).toBe(true);
    expect(isOrphaned(ws, 'insta')).toBe(false);
    expect(isOrphaned(ws, 'nope')).toBe(false);
  });

  it('property: an account is listed exactly when no active member who may manage it holds Owner on it, and former owners are all inactive', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        const listed = new Map(orphanedAccounts(ws).map((o) => [o.account.id, o.formerOwners]));
        for (const account of snap.accounts) {
          const owned = snap.users.some(
            (u) => u.role !== 'loginOnly' && effectiveRole(ws, u.id, account.id).role === 'owner',
          );
          expect(listed.has(account.id), account.id).toBe(!owned);
        }
        for (const formers of listed.values()) {
          for (const user of formers) expect(isActiveMember(user)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('decideNewOwner (property)', () => {
  it('allows exactly the offered members on an orphaned account, and their Owner share ends the orphaning', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        const offered = new Set(ownerCandidates(ws).map((u) => u.id));
        for (const { account } of orphanedAccounts(ws)) {
          for (const user of snap.users) {
            const decision = decideNewOwner(ws, account.id, user.id);
            expect(decision.allowed, `${user.id} on ${account.id}`).toBe(offered.has(user.id));
            if (!decision.allowed) continue;
            const share = makeShare({ account }, { user }, 'owner', `new-${user.id}`);
            const after = indexWorkspace({ ...snap, shares: [...snap.shares, share] });
            expect(isOrphaned(after, account.id)).toBe(false);
            expect(decideNewOwner(after, account.id, user.id)).toMatchObject({ reason: 'not_orphaned' });
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('decideNewOwner', () => {
  const ws = indexWorkspace(world());

  it('allows an active member who may see credentials to own an orphaned account', () => {
    expect(decideNewOwner(ws, 'left', 'bob')).toEqual({ allowed: true });
  });

  it('refuses an account that still has an Owner, whoever is asked for', () => {
    expect(decideNewOwner(ws, 'by-team', 'bob')).toMatchObject({
      allowed: false,
      reason: 'not_orphaned',
      message: 'This account still has an Owner: ask them.',
    });
  });

  it('refuses an unknown account, an inactive, removed or unknown user, and a Login-only user', () => {
    expect(decideNewOwner(ws, 'nope', 'bob')).toMatchObject({ reason: 'account_unknown' });
    expect(decideNewOwner(ws, 'left', 'dana')).toMatchObject({ reason: 'target_not_member' });
    expect(decideNewOwner(ws, 'left', 'omar')).toMatchObject({ reason: 'target_not_member' });
    expect(decideNewOwner(ws, 'left', 'ghost')).toMatchObject({ reason: 'target_not_member' });
    expect(decideNewOwner(ws, 'left', 'lou')).toMatchObject({ reason: 'target_login_only' });
  });

  it('offers exactly the members it would allow', () => {
    const candidates = ownerCandidates(workspace()).map((u) => u.id);
    expect(candidates).toEqual(['ada', 'adam', 'colin', 'nora', 'olga', 'sam', 'stan']);
    for (const id of Object.keys(people)) {
      const allowed = decideNewOwner(workspace(), 'orphan', id).allowed;
      expect(allowed, id).toBe(candidates.includes(id));
    }
  });
});
