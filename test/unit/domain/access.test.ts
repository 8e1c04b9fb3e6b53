import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import {
  effectiveCollectionRole,
  effectiveRole,
  redactUserFor,
  seesEverything,
  settleAllAccess,
  visibleTo,
} from '../../../domain/access';
import { indexWorkspace } from '../../../domain/workspace-index';
import { people, snapshot, workspace } from './policy-fixture';

describe('effectiveRole', () => {
  it('shows the UI which team and collection give access ("via team Marketing")', () => {
    expect(effectiveRole(workspace(), 'colin', 'insta')).toEqual({
      role: 'collaborator',
      paths: [
        {
          kind: 'teamOnCollection',
          role: 'collaborator',
          shareId: 'marketing-social',
          teamId: 'marketing',
          teamName: 'Marketing',
          collectionId: 'social',
          collectionName: 'Social',
        },
      ],
    });
  });

  it('takes the strongest role over every path and lists the owner path first', () => {
    const ada = makeUser({ id: 'ada' });
    const design = makeTeam({ id: 'design', displayName: 'Design', memberIds: ['ada', 'ada'] });
    const coll = makeCollection({ id: 'brand', name: 'Brand' });
    const acct = makeAccount({ id: 'acct', collectionId: 'brand' });
    const ws = indexWorkspace(
      makeSnapshot({
        users: [ada],
        teams: [design],
        collections: [coll],
        accounts: [acct],
        shares: [
          makeShare({ account: acct }, { user: ada }, 'collaborator', 'direct'),
          makeShare({ account: acct }, { team: design }, 'collaborator', 'team'),
          makeShare({ collection: coll }, { user: ada }, 'owner', 'coll'),
        ],
      }),
    );
    const access = effectiveRole(ws, 'ada', 'acct');
    expect(access.role).toBe('owner');
    expect(access.paths.map((p) => [p.kind, p.shareId])).toEqual([
      ['collection', 'coll'],
      ['direct', 'direct'],
      ['team', 'team'],
    ]);
    expect(effectiveCollectionRole(ws, 'ada', 'brand')).toEqual({
      role: 'owner',
      paths: [{ kind: 'direct', role: 'owner', shareId: 'coll' }],
    });
  });

  it('gives deactivated and removed users no role, whatever they were granted', () => {
    expect(effectiveRole(workspace(), 'ivan', 'insta')).toEqual({ role: null, paths: [] });
    expect(effectiveRole(workspace(), 'rita', 'insta')).toEqual({ role: null, paths: [] });
    expect(effectiveRole(workspace(), 'nobody', 'insta')).toEqual({ role: null, paths: [] });
  });

  it('counts team shares only for current members and collection shares only for accounts inside', () => {
    const snap = snapshot();
    const leftTeam = { ...snap, teams: snap.teams.map((t) => ({ ...t, memberIds: ['nora'] })) };
    expect(effectiveRole(indexWorkspace(leftTeam), 'colin', 'insta').role).toBeNull();
    const movedOut = { ...snap, accounts: snap.accounts.map((a) => ({ ...a, collectionId: null })) };
    expect(effectiveRole(indexWorkspace(movedOut), 'colin', 'insta').role).toBeNull();
    expect(effectiveRole(indexWorkspace(movedOut), 'ada', 'insta').role).toBe('owner');
  });

  it('ignores shares to a team or collection that no longer exists', () => {
    const snap = snapshot();
    expect(effectiveRole(indexWorkspace({ ...snap, teams: [] }), 'colin', 'insta').role).toBeNull();
    expect(effectiveRole(indexWorkspace({ ...snap, collections: [] }), 'colin', 'insta').role).toBeNull();
    expect(effectiveRole(workspace(), 'ada', 'no-such-account').role).toBeNull();
  });
});

describe('visibleTo', () => {
  it('gives a collaborator the account, its collection, the shares on both and the credentials', () => {
    const seen = visibleTo(workspace(), 'colin');
    expect([...seen.accountIds].sort()).toEqual(['insta', 'orphan']);
    expect([...seen.collectionIds]).toEqual(['social']);
    expect([...seen.credentialAccountIds].sort()).toEqual(['insta', 'orphan']);
    expect(seen.shareIds).toEqual(
      new Set([
        'ada-insta',
        'lara-insta',
        'ivan-insta',
        'rita-insta',
        'lina-insta',
        'marketing-social',
        'ada-social',
        'colin-orphan',
      ]),
    );
  });

  it('lets Login-only users see their accounts but never their credentials', () => {
    const seen = visibleTo(workspace(), 'lina');
    expect([...seen.accountIds]).toEqual(['insta']);
    expect(seen.credentialAccountIds.size).toBe(0);
  });

  it('shows a Super Admin everything but no credentials only while their own All-Access Mode is on', () => {
    const sam = visibleTo(workspace({ allAccess: ['sam'] }), 'sam');
    expect([...sam.accountIds].sort()).toEqual(['insta', 'orphan']);
    expect([...sam.collectionIds]).toEqual(['social']);
    expect(sam.shareIds.size).toBe(8);
    expect(sam.credentialAccountIds.size).toBe(0);
    expect(visibleTo(workspace(), 'sam').accountIds.size).toBe(0);
    // The Owner's mode is theirs alone.
    expect(visibleTo(workspace({ allAccess: ['olga'] }), 'olga').accountIds.size).toBe(2);
    expect(visibleTo(workspace({ allAccess: ['olga'] }), 'sam').accountIds.size).toBe(0);
  });

  it('never shows a plain Admin, User or Login-only user everything, even with the flag on their record', () => {
    const all = workspace({ allAccess: ['adam', 'stan', 'lina'] });
    expect(visibleTo(all, 'adam').accountIds.size).toBe(0);
    expect(visibleTo(all, 'stan').accountIds.size).toBe(0);
    expect([...visibleTo(all, 'lina').accountIds]).toEqual(['insta']);
    expect(seesEverything(all, people.adam)).toBe(false);
  });

  it('shows deactivated and removed users nothing, so their replicas get tombstones', () => {
    for (const id of ['ivan', 'rita', 'ghost']) {
      const seen = visibleTo(workspace({ allAccess: ['ivan', 'rita'] }), id);
      expect(seen.accountIds.size + seen.collectionIds.size + seen.shareIds.size + seen.credentialAccountIds.size).toBe(
        0,
      );
    }
  });
});

describe('settleAllAccess', () => {
  it('clears the mode of anyone who may no longer hold it, and keeps it for Super Admins and Owners', () => {
    const on = { ...people.sam, allAccess: true };
    expect(settleAllAccess(on)).toBe(on);
    expect(settleAllAccess({ ...on, role: 'owner' }).allAccess).toBe(true);
    expect(settleAllAccess({ ...on, role: 'admin' }).allAccess).toBe(false);
    expect(settleAllAccess({ ...on, active: false }).allAccess).toBe(false);
    expect(settleAllAccess({ ...on, removedAt: '2026-03-01T00:00:00.000Z' }).allAccess).toBe(false);
    expect(settleAllAccess(people.adam)).toBe(people.adam);
  });
});

describe('redactUserFor', () => {
  it('shows the SCIM external ID to admins and above only', () => {
    const ws = workspace();
    expect(redactUserFor(ws, 'adam', people.ada).externalId).toBe(people.ada.externalId);
    expect(redactUserFor(ws, 'olga', people.ada).externalId).toBe(people.ada.externalId);
    expect(redactUserFor(ws, 'colin', people.ada)).toEqual({ ...people.ada, externalId: null });
    expect(redactUserFor(ws, 'ghost', people.ada).externalId).toBeNull();
    const deactivatedAdmin = indexWorkspace(
      makeSnapshot({ users: [makeUser({ id: 'ex', role: 'admin', active: false })] }),
    );
    expect(redactUserFor(deactivatedAdmin, 'ex', people.ada).externalId).toBeNull();
  });
});
