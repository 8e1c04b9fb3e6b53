import { describe, expect, it } from 'vitest';
import { effectiveCollectionRole, effectiveRole, redactUserFor, visibleTo } from '../../../domain/access';
import { indexWorkspace } from '../../../domain/workspace-index';
import {
  makeAccount,
  makeCollection,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../../support/workspace-factory';
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

  it('under All-Access Mode shows admins everything but no credentials; plain users gain nothing', () => {
    const admin = visibleTo(workspace({ allAccessMode: true }), 'adam');
    expect([...admin.accountIds].sort()).toEqual(['insta', 'orphan']);
    expect([...admin.collectionIds]).toEqual(['social']);
    expect(admin.shareIds.size).toBe(8);
    expect(admin.credentialAccountIds.size).toBe(0);
    expect(visibleTo(workspace({ allAccessMode: true }), 'stan').accountIds.size).toBe(0);
    expect(visibleTo(workspace(), 'adam').accountIds.size).toBe(0);
  });

  it('shows deactivated and removed users nothing, so their replicas get tombstones', () => {
    for (const id of ['ivan', 'rita', 'ghost']) {
      const seen = visibleTo(workspace({ allAccessMode: true }), id);
      expect(seen.accountIds.size + seen.collectionIds.size + seen.shareIds.size + seen.credentialAccountIds.size).toBe(
        0,
      );
    }
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
