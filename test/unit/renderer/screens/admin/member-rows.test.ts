import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../../../../../dev/stack/workspace-factory';
import { erasedUser } from '../../../../../domain/user-erasure';
import { indexWorkspace } from '../../../../../domain/workspace-index';
import {
  filterMembers,
  memberRows,
  memberStatus,
  sortMembers,
} from '../../../../../renderer/src/screens/admin/member-rows';

const ada = makeUser({ id: 'ada', userName: 'ada@x.test', givenName: 'Ada', familyName: 'Lovelace', role: 'owner' });
const bob = makeUser({ id: 'bob', userName: 'bob@x.test', givenName: 'Bob', familyName: 'Builder', externalId: null });
const dee = makeUser({ id: 'dee', userName: 'dee@x.test', givenName: 'Dee', familyName: 'Dormant', active: false });
const rem = makeUser({
  id: 'rem',
  userName: 'rem@x.test',
  givenName: 'Rem',
  familyName: 'Oved',
  removedAt: '2026-01-01T00:00:00.000Z',
});
const gone = erasedUser(
  makeUser({ id: 'gone', userName: 'gone@x.test', givenName: 'Gone', active: false }),
  '2026-12-05T06:00:00.000Z',
);
const team = makeTeam({ id: 't1', memberIds: ['bob'] });
const accounts = [makeAccount({ id: 'a1' }), makeAccount({ id: 'a2' }), makeAccount({ id: 'a3' })];
const snapshot = makeSnapshot({
  users: [dee, bob, ada, rem],
  teams: [team],
  accounts,
  shares: [
    makeShare({ account: 'a1' }, { user: ada }, 'owner'),
    makeShare({ account: 'a2' }, { user: ada }, 'owner'),
    makeShare({ account: 'a1' }, { team }, 'collaborator'),
  ],
});
const rows = memberRows(indexWorkspace(snapshot), snapshot.users, accounts);

describe('All members rows', () => {
  it('names status as Okta left it: Active, Deactivated (active:false), Removed (SCIM DELETE)', () => {
    expect(memberStatus(ada)).toBe('Active');
    expect(memberStatus(dee)).toBe('Deactivated');
    expect(memberStatus(rem)).toBe('Removed');
  });

  it('lists everyone by name with role, external ID and accounts held directly or through teams', () => {
    expect(rows.map((r) => [r.name, r.role, r.externalId, r.status, r.accounts])).toEqual([
      ['Ada Lovelace', 'owner', ada.externalId, 'Active', 2],
      ['Bob Builder', 'user', null, 'Active', 1],
      ['Dee Dormant', 'user', dee.externalId, 'Deactivated', 0],
      ['Rem Oved', 'user', rem.externalId, 'Removed', 0],
    ]);
  });

  it('counts each listed account once, whether held directly, through a team, a collection or a team on a collection', () => {
    const cy = makeUser({ id: 'cy', userName: 'cy@x.test', givenName: 'Cy', familyName: 'Young' });
    const ops = makeTeam({ id: 'ops', memberIds: ['cy', 'cy', 'dee'] });
    const vault = makeCollection({ id: 'vault' });
    const inVault = [
      makeAccount({ id: 'v1', collectionId: 'vault' }),
      makeAccount({ id: 'v2', collectionId: 'vault' }),
    ];
    const listed = [...accounts, ...inVault];
    const world = makeSnapshot({
      users: [ada, cy, dee],
      teams: [ops],
      collections: [vault],
      accounts: [...listed, makeAccount({ id: 'not-listed' })],
      shares: [
        // Cy: a1 directly and through Ops (one account), the vault through Ops (two more).
        makeShare({ account: 'a1' }, { user: cy }, 'collaborator'),
        makeShare({ account: 'a1' }, { team: ops }, 'owner'),
        makeShare({ collection: vault }, { team: ops }, 'collaborator'),
        // Ada: the vault directly and v1 directly (two accounts), and one the list does not show.
        makeShare({ collection: vault }, { user: ada }, 'owner'),
        makeShare({ account: 'v1' }, { user: ada }, 'owner'),
        makeShare({ account: 'not-listed' }, { user: ada }, 'owner'),
        // A share to a team that no longer exists, and to a missing collection, grant nothing.
        makeShare({ account: 'a3' }, { team: 'gone' }, 'owner'),
        makeShare({ collection: 'gone' }, { user: ada }, 'owner'),
      ],
    });
    const counts = Object.fromEntries(
      memberRows(indexWorkspace(world), world.users, listed).map((row) => [row.id, row.accounts]),
    );
    // Dee is in Ops but deactivated: no role anywhere.
    expect(counts).toEqual({ ada: 2, cy: 3, dee: 0 });
  });

  it('filters by status, missing external ID and text in name, email or ID', () => {
    const names = (list: { name: string }[]) => list.map((r) => r.name);
    expect(names(filterMembers(rows, '', 'active'))).toEqual(['Ada Lovelace', 'Bob Builder']);
    expect(names(filterMembers(rows, '', 'inactive'))).toEqual(['Dee Dormant', 'Rem Oved']);
    expect(names(filterMembers(rows, '', 'noExternalId'))).toEqual(['Bob Builder']);
    expect(names(filterMembers(rows, '  DEE@X ', 'all'))).toEqual(['Dee Dormant']);
    expect(names(filterMembers(rows, ada.externalId ?? '', 'all'))).toEqual(['Ada Lovelace']);
    expect(filterMembers(rows, 'nobody', 'all')).toEqual([]);
  });
});

describe('sorting the All members table', () => {
  const names = (sorted: { name: string }[]) => sorted.map((r) => r.name);

  it('sorts by name either way', () => {
    expect(names(sortMembers(rows, 'name', 'ascending'))).toEqual([
      'Ada Lovelace',
      'Bob Builder',
      'Dee Dormant',
      'Rem Oved',
    ]);
    expect(names(sortMembers(rows, 'name', 'descending'))).toEqual([
      'Rem Oved',
      'Dee Dormant',
      'Bob Builder',
      'Ada Lovelace',
    ]);
  });

  it('sorts roles by rank and keeps equal roles by name', () => {
    expect(names(sortMembers(rows, 'role', 'descending'))).toEqual([
      'Ada Lovelace',
      'Bob Builder',
      'Dee Dormant',
      'Rem Oved',
    ]);
    expect(names(sortMembers(rows, 'role', 'ascending'))).toEqual([
      'Bob Builder',
      'Dee Dormant',
      'Rem Oved',
      'Ada Lovelace',
    ]);
  });

  it('sorts status Active first, then Deactivated, then Removed', () => {
    expect(sortMembers(rows, 'status', 'ascending').map((r) => r.status)).toEqual([
      'Active',
      'Active',
      'Deactivated',
      'Removed',
    ]);
    expect(sortMembers(rows, 'status', 'descending').map((r) => r.status)).toEqual([
      'Removed',
      'Deactivated',
      'Active',
      'Active',
    ]);
  });
});

describe('permanent deletion in the members screens', () => {
  it('shows an erased member as "Deleted user", status Deleted, with no e-mail to search', () => {
    const world = makeSnapshot({ users: [dee, gone] });
    const withErased = memberRows(indexWorkspace(world), world.users, []);
    expect(memberStatus(gone)).toBe('Deleted');
    expect(withErased.find((r) => r.id === 'gone')).toMatchObject({
      name: 'Deleted user',
      email: '',
      status: 'Deleted',
    });
    expect(filterMembers(withErased, 'gone', 'all').map((r) => r.id)).toEqual([]);
    expect(filterMembers(withErased, '', 'inactive').map((r) => r.id)).toEqual(['dee', 'gone']);
  });
});
