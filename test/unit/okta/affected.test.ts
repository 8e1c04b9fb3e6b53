import { describe, expect, it } from 'vitest';
import { affectedBy } from '../../../sync-server/okta/affected';
import type { Change } from '../../../sync-server/store/records-repo';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeExtendedAccount,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../support/workspace-factory';

const actor = { type: 'system', name: 'test' } as const;
const change = (c: Omit<Change, 'actor'>): Change => ({ ...c, actor }) as Change;

describe('affectedBy', () => {
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
      expect(affectedBy(change({ collection: 'accounts', before, after })).accountIds).toEqual(['a1']);
    }
  });

  it('status the server writes, credentials and edits of an account never extended queue nothing', () => {
    const synced = {
      ...account,
      extensionState: 'synced' as const,
      oktaAppId: '0oa1',
      lastSyncedAt: account.extendedAt,
    };
    expect(affectedBy(change({ collection: 'accounts', before: account, after: synced })).accountIds).toEqual([]);
    const plain = makeAccount({ id: 'a2' });
    expect(
      affectedBy(change({ collection: 'accounts', before: plain, after: { ...plain, name: 'x' } })).accountIds,
    ).toEqual([]);
    const creds = makeCredentials('a1');
    expect(
      affectedBy(change({ collection: 'credentials', before: creds, after: { ...creds, password: 'new' } })),
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
    expect(affectedBy(change({ collection: 'shares', before: null, after: onAccount })).accountIds).toEqual(['a1']);
    expect(affectedBy(change({ collection: 'shares', before: onCollection, after: null })).collectionIds).toEqual([
      'c1',
    ]);
  });

  it('team membership changes name the team; a rename does not', () => {
    const team = makeTeam({ id: 't1', memberIds: ['u1'] });
    expect(
      affectedBy(change({ collection: 'teams', before: team, after: { ...team, memberIds: ['u1', 'u2'] } })).teamIds,
    ).toEqual(['t1']);
    expect(
      affectedBy(change({ collection: 'teams', before: team, after: { ...team, displayName: 'New' } })).teamIds,
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
      expect(affectedBy(change({ collection: 'users', before: user, after })).userIds).toEqual(['u1']);
    }
    expect(
      affectedBy(change({ collection: 'users', before: user, after: { ...user, givenName: 'Ada' } })).userIds,
    ).toEqual([]);
    expect(
      affectedBy(change({ collection: 'users', before: user, after: { ...user, role: 'admin' as const } })).userIds,
    ).toEqual([]);
  });

  it("turning the feature on catches up with everything; off and anyone's All-Access Mode queue nothing", () => {
    const off = makeSettings({ extendedAccessEnabled: false });
    const on = makeSettings({ extendedAccessEnabled: true });
    expect(affectedBy(change({ collection: 'settings', before: off, after: on })).all).toBe(true);
    expect(affectedBy(change({ collection: 'settings', before: on, after: off })).all).toBe(false);
    const sam = makeUser({ id: 'sam', role: 'superAdmin' });
    const turnedOn = affectedBy(change({ collection: 'users', before: sam, after: { ...sam, allAccess: true } }));
    expect(turnedOn.all).toBe(false);
    expect(turnedOn.userIds).toEqual([]);
  });

  it('deleting a collection names it', () => {
    const coll = makeCollection({ id: 'c1' });
    expect(affectedBy(change({ collection: 'collections', before: coll, after: null })).collectionIds).toEqual(['c1']);
  });
});
