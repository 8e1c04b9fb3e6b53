import { describe, expect, it } from 'vitest';
import { authorizeChange, type RecordChange, requirementsFor } from '../../../domain/change-policy';
import type { Account, Share } from '../../../domain/records';
import { makeAccount, makeCredentials, makeSettings, makeShare } from '../../support/workspace-factory';
import { insta, type Mode, orphan, people, social, workspace } from './policy-fixture';

function verdict(userId: string, change: RecordChange, mode?: Mode): string {
  const decision = authorizeChange(workspace(mode), userId, change);
  return decision.allowed ? 'allow' : decision.reason;
}

const edit = (changes: Partial<Account>, base: Account = insta): RecordChange => ({
  collection: 'accounts',
  before: base,
  after: { ...base, ...changes },
});

describe('authorizeChange: accounts', () => {
  it('lets collaborators edit labels but only owners edit where and how the account logs in', () => {
    expect(verdict('colin', edit({ labels: ['brand'] }))).toBe('allow');
    expect(verdict('colin', edit({ name: 'Renamed' }))).toBe('not_item_owner');
    expect(verdict('colin', edit({ loginUrl: 'https://evil.example/login' }))).toBe('not_item_owner');
    expect(verdict('ada', edit({ name: 'Renamed', labels: ['x'] }))).toBe('allow');
    expect(verdict('stan', edit({ labels: ['x'] }))).toBe('no_item_role');
  });

  it('never lets a Login-only owner change where or how the account logs in', () => {
    expect(verdict('lara', edit({ loginUrl: 'https://evil.example/login' }))).toBe('login_only');
    expect(verdict('lara', edit({ loginSelectors: { password: '#evil' } }))).toBe('login_only');
  });

  it('lets only owners extend and un-extend, and only while the feature is on', () => {
    expect(verdict('ada', edit({ extensionState: 'pending' }))).toBe('allow');
    expect(verdict('ada', edit({ extensionState: 'pending' }), { extendedAccessEnabled: false })).toBe('feature_off');
    expect(verdict('colin', edit({ extensionState: 'pending' }))).toBe('not_item_owner');
    expect(verdict('lara', edit({ extensionState: 'pending' }))).toBe('login_only');
    const extended = { ...insta, extensionState: 'synced' as const };
    expect(verdict('ada', edit({ extensionState: 'off' }, extended))).toBe('allow');
    expect(verdict('colin', edit({ extensionState: 'off' }, extended))).toBe('not_item_owner');
  });

  it('treats putting an account in a collection as sharing it: the collection owner must agree', () => {
    expect(verdict('colin', edit({ collectionId: 'social' }, orphan))).toBe('not_item_owner');
    const create = (collectionId: string | null): RecordChange => ({
      collection: 'accounts',
      before: null,
      after: makeAccount({ id: 'new', collectionId }),
    });
    expect(verdict('ada', create('social'))).toBe('allow');
    expect(verdict('colin', create('social'))).toBe('not_item_owner');
    expect(verdict('stan', create('social'))).toBe('no_item_role');
    expect(verdict('stan', create(null))).toBe('allow');
    expect(verdict('lina', create(null))).toBe('login_only');
  });

  it('lets only owners delete', () => {
    expect(verdict('ada', { collection: 'accounts', before: insta, after: null })).toBe('allow');
    expect(verdict('colin', { collection: 'accounts', before: insta, after: null })).toBe('not_item_owner');
  });

  it('asks for nothing when only server-owned fields differ', () => {
    expect(requirementsFor(edit({ lastSyncedAt: '2026-03-01T00:00:00Z', oktaAppId: '0oa1' }))).toEqual([]);
  });
});

describe('authorizeChange: collections, shares, credentials, settings', () => {
  it('maps collection create, rename and delete to their actions', () => {
    expect(verdict('stan', { collection: 'collections', before: null, after: social })).toBe('allow');
    expect(verdict('ada', { collection: 'collections', before: social, after: { ...social, name: 'New' } })).toBe(
      'allow',
    );
    expect(verdict('colin', { collection: 'collections', before: social, after: { ...social, name: 'New' } })).toBe(
      'not_item_owner',
    );
    expect(verdict('colin', { collection: 'collections', before: social, after: null })).toBe('not_item_owner');
  });

  it('lets owners share and unshare, and a Super Admin recover ownership with their own All-Access Mode on', () => {
    const grant = makeShare({ account: insta }, { user: people.stan }, 'collaborator', 'grant');
    const add = (share: Share): RecordChange => ({ collection: 'shares', before: null, after: share });
    expect(verdict('ada', add(grant))).toBe('allow');
    expect(verdict('colin', add(grant))).toBe('not_item_owner');
    const recover = makeShare({ account: orphan }, { user: people.sam }, 'owner', 'recover');
    expect(verdict('sam', add(recover))).toBe('no_item_role');
    expect(verdict('sam', add(recover), { allAccess: ['sam'] })).toBe('allow');
    expect(verdict('sam', add(recover), { allAccess: ['olga'] })).toBe('no_item_role');
    expect(verdict('adam', add(recover), { allAccess: ['adam'] })).toBe('no_item_role');
    const promote: RecordChange = { collection: 'shares', before: grant, after: { ...grant, role: 'owner' } };
    expect(requirementsFor(promote).map((r) => r.action)).toEqual(['item.unshare', 'item.share']);
    expect(verdict('ada', promote)).toBe('allow');
    expect(verdict('ada', { collection: 'shares', before: grant, after: null })).toBe('allow');
    expect(
      requirementsFor({ collection: 'shares', before: grant, after: { ...grant, updatedAt: '2026-03-01T00:00:00Z' } }),
    ).toEqual([]);
  });

  it('lets owners and collaborators edit credentials, never Login-only users', () => {
    const creds = makeCredentials('insta');
    const change: RecordChange = { collection: 'credentials', before: creds, after: { ...creds, password: 'new' } };
    expect(verdict('colin', change)).toBe('allow');
    expect(verdict('lina', change)).toBe('login_only');
    expect(verdict('stan', change)).toBe('no_item_role');
    expect(verdict('sam', change, { allAccess: ['sam'] })).toBe('no_item_role');
  });

  it('maps each settings field to who may change it', () => {
    const settings = makeSettings({ extendedAccessEnabled: true });
    const change = (after: Partial<typeof settings>): RecordChange => ({
      collection: 'settings',
      before: settings,
      after: { ...settings, ...after },
    });
    expect(verdict('adam', change({ extendedAccessEnabled: false }))).toBe('allow');
    expect(verdict('ada', change({ extendedAccessEnabled: false }))).toBe('not_admin');
    expect(verdict('ada', change({ name: 'Renamed' }))).toBe('not_admin');
    expect(verdict('ada', change({}))).toBe('allow');
  });
});
