import { describe, expect, it } from 'vitest';
import type { Share } from '../../../../../domain/records';
import { api, pathOf } from '../../../../../domain/wire/api';
import { type AuditEntry, AuditQuery } from '../../../../../domain/wire/audit';
import { nextSort } from '../../../../../renderer/src/components/sort-header';
import {
  auditQuery,
  describeEntry,
  type Names,
  NO_FILTERS,
  sortEntries,
} from '../../../../../renderer/src/screens/audit/audit-text';

const AT = '2026-11-24T10:00:00.000Z';
const shares: Record<string, Share> = {
  'sh-live': {
    id: 'sh-live',
    itemType: 'account',
    itemId: 'acct-1',
    granteeType: 'team',
    granteeId: 'team-mkt',
    role: 'collaborator',
    updatedAt: AT,
  },
};
const names: Names = {
  user: (id) => ({ 'u-olivia': 'Olivia Owner', 'u-lou': 'Lou Reed' })[id],
  team: (id) => ({ 'team-mkt': 'Marketing' })[id],
  account: (id) => ({ 'acct-1': 'Brand Instagram' })[id],
  collection: (id) => ({ 'coll-1': 'Social' })[id],
  share: (id) => shares[id],
};
const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1',
  at: AT,
  kind: 'change',
  action: 'accounts.update',
  actorType: 'user',
  actorId: 'u-olivia',
  deviceId: null,
  collection: 'accounts',
  recordId: 'acct-1',
  fields: [],
  reason: null,
  ...over,
});
const say = (over: Partial<AuditEntry>): string => describeEntry(entry(over), names).sentence;
/** An entry about a record of `collection`: what most actions are. */
const on = (collection: string, recordId: string, action: string, over: Partial<AuditEntry> = {}) =>
  say({ collection, recordId, action, ...over });

describe('audit log query', () => {
  it('sends only the filters set, and the server schema accepts what it sends', () => {
    expect(pathOf(api.auditLog, undefined, auditQuery(NO_FILTERS, null))).toBe('/api/v1/audit?limit=50');
    const path = pathOf(
      api.auditLog,
      undefined,
      auditQuery({ kind: 'refusal', userId: 'u-lou', recordId: 'acct-1' }, '2026-11-24T10:00:00.123456Z|l|7'),
    );
    const query = Object.fromEntries(new URL(path, 'http://x').searchParams);
    expect(query).toEqual({
      kind: 'refusal',
      userId: 'u-lou',
      recordId: 'acct-1',
      before: '2026-11-24T10:00:00.123456Z|l|7',
      limit: '50',
    });
    expect(AuditQuery.safeParse(query).success).toBe(true);
  });

  it('refuses cursors that are not cursors', () => {
    expect(AuditQuery.safeParse({ before: '1; drop table audit_events' }).success).toBe(false);
  });
});

describe('audit log sentences: shares', () => {
  const removed = {
    itemType: 'collection',
    itemId: 'coll-1',
    granteeType: 'user',
    granteeId: 'u-lou',
    role: 'owner',
  } as const;

  it('names item, grantee and role of a share the replica holds', () => {
    expect(on('shares', 'sh-live', 'item.share', { fields: ['granteeId', 'granteeType', 'id', 'itemId'] })).toBe(
      'Olivia Owner shared Brand Instagram with team Marketing as Collaborator.',
    );
    expect(on('shares', 'sh-live', 'shares.create', { actorType: 'system', actorId: 'test-seed' })).toBe(
      'Latchkey shared Brand Instagram with team Marketing as Collaborator.',
    );
    expect(on('shares', 'sh-live', 'item.shareWithCreator')).toBe(
      'Olivia Owner shared Brand Instagram with team Marketing as Collaborator (its creator).',
    );
    expect(on('shares', 'sh-live', 'shares.update')).toBe(
      'Olivia Owner shared Brand Instagram with team Marketing as Collaborator (a changed role).',
    );
  });

  it('names a removed share from the entry itself, whatever removed it', () => {
    const gone = (action: string, over: Partial<AuditEntry> = {}) =>
      on('shares', 'sh-gone', action, { share: removed, ...over });
    expect(gone('item.unshare')).toBe('Olivia Owner removed the access of Lou Reed to collection Social.');
    expect(gone('shares.delete')).toBe('Olivia Owner removed the access of Lou Reed to collection Social.');
    expect(gone('share.deleteWithItem')).toBe(
      'Olivia Owner removed the access of Lou Reed to collection Social when the item was deleted.',
    );
    expect(gone('share.removeOnErase')).toBe(
      'Olivia Owner removed the access of Lou Reed to collection Social on permanent deletion of a member.',
    );
    expect(gone('share.removeOnDeactivation', { actorType: 'scim', actorId: null })).toBe(
      'Okta (SCIM) removed the access of Lou Reed to collection Social on deactivation.',
    );
    expect(gone('scim.share.removeOnDeprovision', { actorType: 'scim', actorId: null })).toBe(
      'Okta (SCIM) removed the access of Lou Reed to collection Social on deprovisioning.',
    );
  });

  it('never shows an id: unknown shares, items and grantees read as deleted ones', () => {
    expect(on('shares', 'shr_69adfa01', 'item.unshare')).toBe('Olivia Owner removed a share.');
    expect(on('shares', 'shr_69adfa01', 'item.share')).toBe('Olivia Owner shared an item.');
    const orphan = {
      ...removed,
      itemType: 'account',
      itemId: 'acct-x',
      granteeType: 'team',
      granteeId: 't-x',
    } as const;
    const sentence = on('shares', 'shr_69adfa01', 'item.share', { share: orphan, actorId: 'u-gone' });
    expect(sentence).toBe('A removed member shared a deleted account with a deleted team as Owner.');
    expect(sentence).not.toMatch(/shr_|acct-x|t-x|u-gone/);
  });
});

describe('audit log sentences: accounts and collections', () => {
  it('says what happened to an account, by name', () => {
    const acct = (action: string, over: Partial<AuditEntry> = {}) => on('accounts', 'acct-1', action, over);
    expect(acct('account.create')).toBe('Olivia Owner created the account Brand Instagram.');
    expect(acct('account.delete')).toBe('Olivia Owner deleted the account Brand Instagram.');
    expect(on('accounts', 'acct-x', 'account.delete')).toBe('Olivia Owner deleted an account.');
    expect(acct('account.editDetails', { fields: ['loginUrl', 'name'] })).toBe(
      'Olivia Owner edited the details of Brand Instagram (loginUrl, name).',
    );
    expect(acct('account.editLabels+collection.edit', { fields: ['collectionId', 'labels'] })).toBe(
      'Olivia Owner edited the labels of Brand Instagram and moved Brand Instagram into a collection.',
    );
    expect(acct('account.extend')).toBe('Olivia Owner extended Brand Instagram to Okta.');
    expect(acct('account.unextend')).toBe('Olivia Owner removed Brand Instagram from Okta.');
    expect(acct('account.unextend.all')).toBe('Olivia Owner removed Brand Instagram from Okta (remove all).');
    expect(acct('account.unextend.collection')).toBe(
      'Olivia Owner removed Brand Instagram from Okta with its collection.',
    );
    expect(acct('account.extend.collection')).toBe(
      'Olivia Owner extended Brand Instagram to Okta through its collection.',
    );
    expect(acct('account.leaveDeletedCollection')).toBe(
      'Olivia Owner took Brand Instagram out of a deleted collection.',
    );
    expect(acct('account.syncNow')).toBe('Olivia Owner asked for a manual Okta sync of Brand Instagram.');
    expect(acct('account.oktaSync', { actorType: 'system', actorId: 'okta-sync' })).toBe(
      'Okta sync brought the Okta app of Brand Instagram up to date.',
    );
    expect(acct('account.rotated')).toBe(
      'Olivia Owner rotated the password of Brand Instagram (rotation no longer required).',
    );
    expect(acct('account.recoverOwner')).toBe(
      'Olivia Owner gave Brand Instagram, which had no Owner left, a new Owner.',
    );
    expect(acct('account.setLogo', { fields: ['logo'] })).toBe(
      'Olivia Owner set the logo of Brand Instagram (its Okta chiclet icon).',
    );
    expect(acct('account.removeLogo')).toBe('Olivia Owner removed the logo of Brand Instagram.');
    expect(acct('scim.account.rotationRequired', { actorType: 'scim', actorId: null })).toBe(
      'Okta (SCIM) required a password rotation of Brand Instagram.',
    );
  });

  it('names credentials by their account and never their values', () => {
    expect(on('credentials', 'acct-1', 'credentials.edit', { fields: ['accountId', 'id', 'password'] })).toBe(
      'Olivia Owner changed the credentials of Brand Instagram (password).',
    );
    expect(on('credentials', 'acct-1', 'credentials.delete')).toBe(
      'Olivia Owner deleted the credentials of Brand Instagram.',
    );
    expect(on('credentials', 'acct-x', 'credentials.deleteWithAccount')).toBe(
      'Olivia Owner deleted the credentials of a deleted account.',
    );
  });

  it('says what happened to a collection', () => {
    const coll = (action: string) => on('collections', 'coll-1', action);
    expect(coll('collection.create')).toBe('Olivia Owner created collection Social.');
    expect(coll('collection.delete')).toBe('Olivia Owner deleted collection Social.');
    expect(on('collections', 'coll-x', 'collection.delete')).toBe('Olivia Owner deleted a collection.');
    expect(coll('collection.extend')).toBe(
      'Olivia Owner extended collection Social to Okta (accounts added later are extended too).',
    );
    expect(coll('collection.unextend')).toBe('Olivia Owner un-extended collection Social from Okta.');
  });
});

describe('audit log sentences: launches', () => {
  it('says who logged in, and why a login was refused', () => {
    expect(say({ kind: 'launch', action: 'account.launch', actorId: 'u-lou' })).toBe(
      'Lou Reed logged in to Brand Instagram from an Okta chiclet.',
    );
    expect(say({ kind: 'refusal', action: 'account.launch', actorId: 'u-lou', reason: 'no_item_role' })).toBe(
      'Lou Reed was refused a login to Brand Instagram because they have no access to this account.',
    );
    expect(say({ kind: 'refusal', action: 'account.launch', actorId: null, reason: 'user_not_provisioned' })).toBe(
      'Someone not in the workspace was refused a login to Brand Instagram because they are not provisioned from Okta.',
    );
    expect(say({ kind: 'refusal', action: 'account.launch', reason: null })).toBe(
      'Olivia Owner was refused a login to Brand Instagram because no reason was recorded.',
    );
  });
});

describe('audit log sentences: members, teams, SCIM and settings', () => {
  const scim = { actorType: 'scim', actorId: null } as const;

  it('says what happened to a member', () => {
    expect(on('users', 'u-lou', 'user.setRole', { fields: ['role'] })).toBe(
      'Olivia Owner changed the workspace role of Lou Reed.',
    );
    expect(on('users', 'u-lou', 'user.setRole', { actorType: 'system', actorId: 'cli' })).toBe(
      'An operator (server command line) changed the workspace role of Lou Reed.',
    );
    expect(on('users', 'u-lou', 'user.roleFromGroup')).toBe(
      'Olivia Owner changed the workspace role of Lou Reed through an Okta group mapping.',
    );
    expect(on('users', 'u-lou', 'user.unlinkOkta')).toBe('Olivia Owner unlinked Lou Reed from Okta.');
    expect(on('users', 'u-gone', 'user.erase')).toBe('Olivia Owner permanently deleted the data of a removed member.');
    expect(on('users', 'u-olivia', 'user.allAccessOn')).toBe(
      'Olivia Owner turned their All-Access Mode on (sees every account and collection).',
    );
    expect(on('users', 'u-olivia', 'user.allAccessOff')).toBe('Olivia Owner turned their All-Access Mode off.');
  });

  it('names the erasure in the audit log', () => {
    const line = describeEntry(
      entry({
        action: 'user.erase',
        actorId: 'u-ada',
        collection: 'users',
        recordId: 'gone',
        fields: ['erasedAt', 'userName'],
      }),
      {
        user: (id) => ({ 'u-ada': 'Ada Lovelace', gone: 'Deleted user' })[id],
        team: () => undefined,
        account: () => undefined,
        collection: () => undefined,
        share: () => undefined,
      },
    );
    expect(line).toEqual({
      who: 'Ada Lovelace',
      sentence: 'Ada Lovelace permanently deleted the data of Deleted user.',
    });
  });

  it('says what Okta did over SCIM', () => {
    expect(on('users', 'u-lou', 'users.create', scim)).toBe('Okta (SCIM) created Lou Reed.');
    expect(on('users', 'u-lou', 'users.update', { ...scim, fields: ['active', 'updatedAt'] })).toBe(
      'Okta (SCIM) updated Lou Reed (active).',
    );
    expect(on('users', 'u-lou', 'scim.user.deprovisioned', scim)).toBe('Okta (SCIM) deprovisioned Lou Reed.');
    expect(on('users', 'u-lou', 'scim.user.remove', scim)).toBe('Okta (SCIM) removed Lou Reed from the workspace.');
    expect(on('users', 'u-lou', 'scim.user.externalIdRefused', scim)).toBe(
      'Okta (SCIM) tried to change the Okta link of Lou Reed (refused).',
    );
    expect(on('users', 'u-olivia', 'user.firstOwner', scim)).toBe(
      'Okta (SCIM) made Olivia Owner the workspace Owner (the first member).',
    );
    expect(on('teams', 'team-mkt', 'teams.create', scim)).toBe('Okta (SCIM) created team Marketing.');
    expect(on('teams', 'team-x', 'teams.delete', scim)).toBe('Okta (SCIM) deleted a deleted team.');
  });

  it('says what happened to a team and the settings', () => {
    expect(on('teams', 'team-mkt', 'team.mapRole', { fields: ['workspaceRole'] })).toBe(
      'Olivia Owner mapped team Marketing to a workspace role for its members.',
    );
    expect(on('teams', 'team-mkt', 'team.leaveOnErase')).toBe(
      'Olivia Owner took a permanently deleted member out of team Marketing.',
    );
    const settings = (action: string, fields: string[] = []) => on('settings', 'workspace', action, { fields });
    expect(settings('workspace.editSettings', ['name'])).toBe('Olivia Owner changed the workspace settings (name).');
    expect(settings('settings.extendedAccess.on')).toBe('Olivia Owner turned Extended account access on.');
    expect(settings('settings.extendedAccess.off')).toBe('Olivia Owner turned Extended account access off.');
    expect(settings('settings.update')).toBe('Olivia Owner updated the workspace settings.');
  });

  it('still says something readable about an action this app does not know', () => {
    expect(on('accounts', 'acct-1', 'future.thing', { fields: ['x'] })).toBe(
      'Olivia Owner did “future.thing” on Brand Instagram (x).',
    );
  });
});

describe('Okta drift in the audit log', () => {
  it('reads a drift the sync overwrote, and a sweep, as sentences; Okta sync is who did it', () => {
    const okta = { kind: 'okta', actorType: 'system', actorId: 'okta-sync' } as const;
    expect(
      say({
        ...okta,
        action: 'okta.driftOverwritten',
        drift: { kind: 'groupAssigned', appLabel: 'Brand - Instagram', groupId: '00g1', groupName: 'Sales' },
      }),
    ).toBe('Okta sync: Okta drift overwritten: group “Sales” unassigned from app “Brand - Instagram”.');
    expect(
      say({
        ...okta,
        action: 'okta.driftSweep',
        collection: 'settings',
        recordId: 'workspace',
        sweep: { accounts: 1000, driftFound: 3, driftFixed: 3, apiCalls: 2005 },
      }),
    ).toBe('Okta sync: Okta drift sweep of 1000 extended accounts: 3 drifts found, 3 fixed.');
  });
});

describe('sorting the loaded audit events', () => {
  const rows = [
    entry({ id: 'e1', at: '2026-11-24T10:00:00.000Z', kind: 'change', actorId: 'u-lou' }),
    entry({ id: 'e2', at: '2026-11-24T12:00:00.000Z', kind: 'refusal', actorId: 'u-ada' }),
    entry({ id: 'e3', at: '2026-11-24T11:00:00.000Z', kind: 'launch', actorId: 'u-ada' }),
  ].map((e) => ({ entry: e, line: describeEntry(e, names) }));
  const ids = (sorted: typeof rows) => sorted.map((r) => r.entry.id);

  it('sorts by When newest first or oldest first', () => {
    expect(ids(sortEntries(rows, 'when', 'descending'))).toEqual(['e2', 'e3', 'e1']);
    expect(ids(sortEntries(rows, 'when', 'ascending'))).toEqual(['e1', 'e3', 'e2']);
  });

  it('sorts by Kind label, ties newest first', () => {
    expect(ids(sortEntries(rows, 'kind', 'ascending'))).toEqual(['e1', 'e3', 'e2']);
    expect(ids(sortEntries(rows, 'kind', 'descending'))).toEqual(['e2', 'e3', 'e1']);
  });

  it('a header sorts ascending first, then reverses', () => {
    const byWhen = { by: 'when', direction: 'descending' } as const;
    expect(nextSort(byWhen, 'kind')).toEqual({ by: 'kind', direction: 'ascending' });
    expect(nextSort({ by: 'kind', direction: 'ascending' }, 'kind')).toEqual({ by: 'kind', direction: 'descending' });
    expect(nextSort(byWhen, 'when')).toEqual({ by: 'when', direction: 'ascending' });
  });
});
