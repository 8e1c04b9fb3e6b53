import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeExtendedAccount,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { oktaImpactOf, type RecordChange, visibilityImpactOf } from '../../../domain/access-impact';

const change = (c: RecordChange): RecordChange => c;

describe('oktaImpactOf', () => {
  const account = makeExtendedAccount({ id: 'a1' });

  it('an extended account is affected by extend, un-extend, rename, app rename, move and deletion', () => {
    const off = { ...account, extensionState: 'off' as const };
    for (const [before, after] of [
      [off, account],
      [account, off],
      [account, { ...account, name: 'Renamed' }],
      [account, { ...account, appName: 'TikTok' }],
      [account, { ...account, collectionId: 'c1' }],
      [account, null],
    ] as const) {
      expect(oktaImpactOf(change({ collection: 'accounts', before, after })).accountIds).toEqual(['a1']);
    }
  });

  it('status the server writes, credentials and edits of an account never extended queue nothing', () => {
    const synced = {
      ...account,
      extensionState: 'synced' as const,
      oktaAppId: '0oa1',
      lastSyncedAt: account.extendedAt,
    };
    expect(oktaImpactOf(change({ collection: 'accounts', before: account, after: synced })).accountIds).toEqual([]);
    const plain = makeAccount({ id: 'a2' });
    expect(
      oktaImpactOf(change({ collection: 'accounts', before: plain, after: { ...plain, name: 'x' } })).accountIds,
    ).toEqual([]);
    const creds = makeCredentials('a1');
    expect(
      oktaImpactOf(change({ collection: 'credentials', before: creds, after: { ...creds, password: 'new' } })),
    ).toMatchObject({
      accountIds: [],
      collectionIds: [],
      teamIds: [],
      userIds: [],
      all: false,
    });
  });

  it('a share names its item: an account, or a collection to expand', () => {
    const onAccount = makeShare({ account }, { user: 'u1' });
    const onCollection = makeShare({ collection: 'c1' }, { team: 't1' });
    expect(oktaImpactOf(change({ collection: 'shares', before: null, after: onAccount })).accountIds).toEqual(['a1']);
    expect(oktaImpactOf(change({ collection: 'shares', before: onCollection, after: null })).collectionIds).toEqual([
      'c1',
    ]);
  });

  it('team membership changes name the team; a rename does not', () => {
    const team = makeTeam({ id: 't1', memberIds: ['u1'] });
    expect(
      oktaImpactOf(change({ collection: 'teams', before: team, after: { ...team, memberIds: ['u1', 'u2'] } })).teamIds,
    ).toEqual(['t1']);
    expect(
      oktaImpactOf(change({ collection: 'teams', before: team, after: { ...team, displayName: 'New' } })).teamIds,
    ).toEqual([]);
  });

  it('a user change matters only when it changes who may hold a chiclet', () => {
    const user = makeUser({ id: 'u1' });
    for (const after of [
      { ...user, active: false },
      { ...user, removedAt: '2026-01-02T00:00:00.000Z' },
      { ...user, role: 'loginOnly' as const },
      { ...user, externalId: null },
    ]) {
      expect(oktaImpactOf(change({ collection: 'users', before: user, after })).userIds).toEqual(['u1']);
    }
    expect(
      oktaImpactOf(change({ collection: 'users', before: user, after: { ...user, givenName: 'Ada' } })).userIds,
    ).toEqual([]);
    expect(
      oktaImpactOf(change({ collection: 'users', before: user, after: { ...user, role: 'admin' as const } })).userIds,
    ).toEqual([]);
  });

  it("turning the feature on catches up with everything; off and anyone's All-Access Mode queue nothing", () => {
    const off = makeSettings({ extendedAccessEnabled: false });
    const on = makeSettings({ extendedAccessEnabled: true });
    expect(oktaImpactOf(change({ collection: 'settings', before: off, after: on })).all).toBe(true);
    expect(oktaImpactOf(change({ collection: 'settings', before: on, after: off })).all).toBe(false);
    const sam = makeUser({ id: 'sam', role: 'superAdmin' });
    const turnedOn = oktaImpactOf(change({ collection: 'users', before: sam, after: { ...sam, allAccess: true } }));
    expect(turnedOn.all).toBe(false);
    expect(turnedOn.userIds).toEqual([]);
  });

  it('deleting a collection names it', () => {
    const coll = makeCollection({ id: 'c1' });
    expect(oktaImpactOf(change({ collection: 'collections', before: coll, after: null })).collectionIds).toEqual([
      'c1',
    ]);
  });
});

describe('visibilityImpactOf', () => {
  it('a share names its item; a team names itself only when its members change', () => {
    const onCollection = makeShare({ collection: 'c1' }, { team: 't1' });
    expect(visibilityImpactOf(change({ collection: 'shares', before: onCollection, after: null }))).toMatchObject({
      collectionIds: ['c1'],
      all: false,
    });
    const team = makeTeam({ id: 't1', memberIds: ['u1'] });
    expect(
      visibilityImpactOf(change({ collection: 'teams', before: team, after: { ...team, memberIds: [] } })).teamIds,
    ).toEqual(['t1']);
    expect(
      visibilityImpactOf(change({ collection: 'teams', before: team, after: { ...team, displayName: 'New' } })).teamIds,
    ).toEqual([]);
  });

  it("a user's role or activeness names the user; a name change nobody", () => {
    const user = makeUser({ id: 'u1' });
    for (const after of [
      { ...user, active: false },
      { ...user, role: 'admin' as const },
    ]) {
      expect(visibilityImpactOf(change({ collection: 'users', before: user, after })).userIds).toEqual(['u1']);
    }
    expect(
      visibilityImpactOf(change({ collection: 'users', before: user, after: { ...user, givenName: 'Ada' } })),
    ).toEqual({ accountIds: [], collectionIds: [], teamIds: [], userIds: [], all: false });
  });

  it('a personal All-Access Mode turned on or off, or held through a demotion, re-sequences every item', () => {
    const sam = makeUser({ id: 'sam', role: 'superAdmin' });
    const on = { ...sam, allAccess: true };
    expect(visibilityImpactOf(change({ collection: 'users', before: sam, after: on })).all).toBe(true);
    expect(visibilityImpactOf(change({ collection: 'users', before: on, after: sam })).all).toBe(true);
    expect(
      visibilityImpactOf(
        change({ collection: 'users', before: on, after: { ...sam, role: 'admin', allAccess: false } }),
      ).all,
    ).toBe(true);
  });

  it('an account moving between collections names the account; other edits nothing', () => {
    const account = makeAccount({ id: 'a1' });
    const moved = change({ collection: 'accounts', before: account, after: { ...account, collectionId: 'c1' } });
    expect(visibilityImpactOf(moved).accountIds).toEqual(['a1']);
    const renamed = change({ collection: 'accounts', before: account, after: { ...account, name: 'x' } });
    expect(visibilityImpactOf(renamed).accountIds).toEqual([]);
  });
});
