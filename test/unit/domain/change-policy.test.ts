import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeSnapshot,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { authorizeChange } from '../../../domain/change-policy';
import type { Account, User } from '../../../domain/records';
import type { CollectionName, Doc } from '../../../domain/wire/collections';
import { indexWorkspace } from '../../../domain/workspace-index';
import { insta, type Mode, orphan, type Person, people, social, workspace } from './policy-fixture';

const owner = makeUser({ id: 'u-owner', role: 'user' });
const collaborator = makeUser({ id: 'u-collab', role: 'user' });
const loginOnly = makeUser({ id: 'u-login', role: 'loginOnly' });
const admin = makeUser({ id: 'u-admin', role: 'admin' });
const stranger = makeUser({ id: 'u-stranger', role: 'user' });
const account = makeAccount({ id: 'a-1', labels: ['social'] });
const folder = makeCollection({ id: 'c-1' });

function ws(settings = makeSettings({ extendedAccessEnabled: true })) {
  return indexWorkspace(
    makeSnapshot({
      settings,
      users: [owner, collaborator, loginOnly, admin, stranger],
      accounts: [account],
      collections: [folder],
      shares: [
        makeShare({ account }, { user: owner }, 'owner', 's-owner'),
        makeShare({ account }, { user: collaborator }, 'collaborator', 's-collab'),
        makeShare({ account }, { user: loginOnly }, 'collaborator', 's-login'),
        makeShare({ collection: folder }, { user: owner }, 'owner', 's-folder'),
      ],
    }),
  );
}

const check = (
  user: User,
  collection: CollectionName,
  before: Doc | null,
  after: Doc | null,
  index = ws(),
  seesBefore = true,
) => authorizeChange(index, user.id, collection, before, after, seesBefore);
const edit = (patch: Partial<Account>): Account => ({ ...account, ...patch });

describe('authorizeChange: accounts', () => {
  it('lets collaborators edit labels but not details', () => {
    expect(check(collaborator, 'accounts', account, edit({ labels: ['social', 'urgent'] }))).toMatchObject({
      ok: true,
      kind: 'update',
    });
    expect(check(collaborator, 'accounts', account, edit({ loginUrl: 'https://evil.example/' }))).toMatchObject({
      ok: false,
      reason: 'not_item_owner',
    });
    expect(check(owner, 'accounts', account, edit({ loginUrl: 'https://new.example/' }))).toMatchObject({ ok: true });
  });

  it('refuses every change to server-owned fields, even by owners', () => {
    for (const patch of [
      { oktaAppId: '0oa1' },
      { rotationRequired: true },
      { lastSyncedAt: '2026-01-02T00:00:00.000Z' },
      { extensionState: 'synced' as const },
      { extendedByCollection: true },
      { extendedAt: '2026-01-02T00:00:00.000Z' },
      { lastError: 'Okta said no' },
    ]) {
      expect(check(owner, 'accounts', account, edit(patch))).toMatchObject({ ok: false, reason: 'server_owned_field' });
    }
  });

  it('refuses extending or un-extending an account over replication: only the REST command does it', () => {
    // The owner may extend (the command's rule), yet a pushed `pending` is not that command.
    expect(check(owner, 'accounts', account, edit({ extensionState: 'pending' }))).toMatchObject({
      ok: false,
      reason: 'server_owned_field',
    });
    const off = ws(makeSettings({ extendedAccessEnabled: false }));
    const extended = edit({ extensionState: 'synced', extendedAt: '2026-01-01T00:00:00.000Z', oktaAppId: '0oa1' });
    expect(check(owner, 'accounts', extended, { ...extended, extensionState: 'off' }, off)).toMatchObject({
      ok: false,
      reason: 'server_owned_field',
    });
    // A label edit that carries the stored Okta state unchanged is still fine.
    expect(check(owner, 'accounts', extended, { ...extended, labels: ['x'] }, off)).toMatchObject({
      ok: true,
      doc: { labels: ['x'], extensionState: 'synced', oktaAppId: '0oa1' },
    });
  });

  it('starts a created account outside Okta whatever the client sent, and needs collection ownership to file it', () => {
    const created = makeAccount({ id: 'a-new', extensionState: 'synced', oktaAppId: '0oaX', rotationRequired: true });
    const verdict = check(stranger, 'accounts', null, created);
    expect(verdict).toMatchObject({
      ok: true,
      kind: 'create',
      doc: { extensionState: 'off', oktaAppId: null, rotationRequired: false },
    });
    expect(check(stranger, 'accounts', null, { ...created, collectionId: folder.id })).toMatchObject({
      reason: 'no_item_role',
    });
    expect(check(owner, 'accounts', null, { ...created, collectionId: folder.id })).toMatchObject({ ok: true });
    expect(check(loginOnly, 'accounts', null, created)).toMatchObject({ reason: 'login_only' });
  });

  it('lets only owners delete', () => {
    expect(check(collaborator, 'accounts', account, null)).toMatchObject({ reason: 'not_item_owner' });
    expect(check(owner, 'accounts', account, null)).toMatchObject({ ok: true, kind: 'delete' });
  });
});

describe('authorizeChange: shares, credentials, settings, directory', () => {
  it('lets only item owners share, and never re-points a share', () => {
    const share = makeShare({ account }, { user: stranger }, 'collaborator', 's-new');
    expect(check(collaborator, 'shares', null, share)).toMatchObject({ reason: 'not_item_owner' });
    expect(check(stranger, 'shares', null, share)).toMatchObject({ reason: 'no_item_role' });
    expect(check(owner, 'shares', null, share)).toMatchObject({ ok: true, kind: 'create' });
    const existing = makeShare({ account }, { user: collaborator }, 'collaborator', 's-collab');
    expect(check(owner, 'shares', existing, { ...existing, granteeId: stranger.id })).toMatchObject({
      reason: 'invalid_change',
    });
    expect(check(owner, 'shares', null, { ...share, granteeId: 'u-ghost' })).toMatchObject({
      reason: 'invalid_change',
    });
  });

  it('keeps Login-only users away from credentials', () => {
    const creds = makeCredentials(account.id);
    expect(check(loginOnly, 'credentials', creds, { ...creds, password: 'x' })).toMatchObject({ reason: 'login_only' });
    expect(check(collaborator, 'credentials', creds, { ...creds, password: 'x' })).toMatchObject({ ok: true });
    expect(check(owner, 'credentials', null, { ...creds, id: 'other' })).toMatchObject({ reason: 'invalid_change' });
  });

  it('refuses Login-only users an unchanged password too, so a right guess looks like a wrong one', () => {
    const creds = makeCredentials(account.id);
    expect(check(loginOnly, 'credentials', creds, { ...creds })).toEqual(
      check(loginOnly, 'credentials', creds, { ...creds, password: 'a wrong guess' }),
    );
    expect(check(loginOnly, 'credentials', creds, { ...creds })).toMatchObject({ reason: 'login_only' });
  });

  it('answers a change to a record the caller cannot see from its id alone, never comparing content', () => {
    const index = ws();
    const creds = makeCredentials(account.id);
    const share = makeShare({ account }, { user: collaborator }, 'collaborator', 's-collab');
    const cases: [CollectionName, Doc, Doc][] = [
      ['credentials', creds, { ...creds, password: 'a wrong guess' }],
      ['accounts', account, edit({ loginUrl: 'https://guess.example/' })],
      ['collections', folder, { ...folder, name: 'A guess' }],
      ['shares', share, { ...share, role: 'owner' }],
    ];
    for (const [collection, stored, guess] of cases) {
      const right = check(stranger, collection, stored, stored, index, false);
      expect(right).toMatchObject({ ok: false, reason: 'no_item_role' });
      expect(check(stranger, collection, stored, guess, index, false)).toEqual(right);
    }
  });

  it('lets the workspace name change over replication, and nothing the server owns', () => {
    const settings = makeSettings({ extendedAccessEnabled: true });
    // The feature switch is the server's (PUT /api/v1/workspace/extended-access), even for admins.
    for (const who of [owner, admin]) {
      expect(check(who, 'settings', settings, { ...settings, extendedAccessEnabled: false })).toMatchObject({
        reason: 'server_owned_field',
      });
    }
    // The workspace-wide All-Access switch is gone: a replica still sending it changes nothing.
    const legacy = { ...settings, allAccessMode: true } as typeof settings;
    expect(check(owner, 'settings', settings, legacy)).toMatchObject({ reason: 'server_owned_field' });
    expect(check(admin, 'settings', settings, null)).toMatchObject({ reason: 'invalid_change' });
    const progress = { done: 1, total: 2, startedAt: null };
    expect(check(admin, 'settings', settings, { ...settings, oktaSyncProgress: progress })).toMatchObject({
      reason: 'server_owned_field',
    });
    const withProgress = { ...settings, oktaSyncProgress: progress };
    const renamed = check(admin, 'settings', withProgress, { ...withProgress, name: 'Acme EU' });
    expect(renamed).toMatchObject({ ok: true, doc: { name: 'Acme EU', oktaSyncProgress: progress } });
  });

  it('treats users and teams as read-only', () => {
    expect(check(admin, 'users', owner, { ...owner, role: 'owner' })).toMatchObject({ reason: 'read_only_collection' });
    expect(check(admin, 'teams', null, null)).toMatchObject({ reason: 'read_only_collection' });
  });
});

describe('authorizeChange over the policy fixture (every person the policy names)', () => {
  const verdict = (person: Person, collection: CollectionName, before: Doc | null, after: Doc | null, mode?: Mode) => {
    const answer = authorizeChange(workspace(mode), person, collection, before, after, true);
    return answer.ok ? 'allow' : answer.reason;
  };

  it('never lets a Login-only owner change where or how the account logs in', () => {
    expect(verdict('lara', 'accounts', insta, { ...insta, loginUrl: 'https://evil.example/login' })).toBe('login_only');
    expect(verdict('lara', 'accounts', insta, { ...insta, loginSelectors: { password: '#evil' } })).toBe('login_only');
    expect(verdict('ada', 'accounts', insta, { ...insta, name: 'Renamed', labels: ['x'] })).toBe('allow');
  });

  it('treats filing an account in a collection as sharing it: the collection owner must agree', () => {
    expect(verdict('colin', 'accounts', orphan, { ...orphan, collectionId: social.id })).toBe('not_item_owner');
    expect(verdict('stan', 'accounts', null, makeAccount({ id: 'new', collectionId: social.id }))).toBe('no_item_role');
    expect(verdict('ada', 'accounts', null, makeAccount({ id: 'new', collectionId: social.id }))).toBe('allow');
  });

  it('lets a Super Admin give an orphaned account an Owner only with their own All-Access Mode on', () => {
    const recover = makeShare({ account: orphan }, { user: people.sam }, 'owner', 'recover');
    expect(verdict('sam', 'shares', null, recover)).toBe('no_item_role');
    expect(verdict('sam', 'shares', null, recover, { allAccess: ['sam'] })).toBe('allow');
    expect(verdict('sam', 'shares', null, recover, { allAccess: ['olga'] })).toBe('no_item_role');
    expect(verdict('adam', 'shares', null, recover, { allAccess: ['adam'] })).toBe('no_item_role');
    // The mode shows accounts; it never opens their credentials.
    const creds = makeCredentials('insta');
    expect(verdict('sam', 'credentials', creds, { ...creds, password: 'new' }, { allAccess: ['sam'] })).toBe(
      'no_item_role',
    );
  });

  it("lets an item's owner change a share's role, and nobody else", () => {
    const grant = makeShare({ account: insta }, { user: people.stan }, 'collaborator', 'grant');
    expect(verdict('ada', 'shares', grant, { ...grant, role: 'owner' })).toBe('allow');
    expect(verdict('colin', 'shares', grant, { ...grant, role: 'owner' })).toBe('not_item_owner');
    expect(verdict('lina', 'shares', grant, { ...grant, role: 'owner' })).toBe('login_only');
  });
});
