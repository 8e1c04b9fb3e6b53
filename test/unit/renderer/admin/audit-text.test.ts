import { describe, expect, it } from 'vitest';
import { type AuditEntry, AuditQuery } from '../../../../domain/wire/audit';
import { nextSort } from '../../../../renderer/src/components/sort-header';
import {
  auditPath,
  describeEntry,
  type Names,
  NO_FILTERS,
  sortEntries,
} from '../../../../renderer/src/screens/audit/audit-text';

const names: Names = {
  user: (id) => ({ 'u-ada': 'Ada Lovelace', 'u-lou': 'Lou Reed' })[id],
  record: (collection, id) => (collection === 'accounts' && id === 'acct-1' ? 'Brand Instagram' : undefined),
};
const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1',
  at: '2026-11-24T10:00:00.000Z',
  kind: 'change',
  action: 'accounts.update',
  actorType: 'user',
  actorId: 'u-ada',
  deviceId: null,
  collection: 'accounts',
  recordId: 'acct-1',
  fields: [],
  reason: null,
  ...over,
});

describe('audit log query', () => {
  it('sends only the filters set, and the server schema accepts what it sends', () => {
    expect(auditPath(NO_FILTERS, null)).toBe('/api/v1/audit?limit=50');
    const path = auditPath({ kind: 'refusal', userId: 'u-lou', recordId: 'acct-1' }, '2026-11-24T10:00:00.123456Z|l|7');
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

describe('audit log lines', () => {
  it('says who turned their own All-Access Mode on and off', () => {
    const mode = (action: string) =>
      describeEntry(entry({ action, collection: 'users', recordId: 'u-ada' }), names).what;
    expect(mode('user.allAccessOn')).toBe('Turned their All-Access Mode on (sees every account and collection)');
    expect(mode('user.allAccessOff')).toBe('Turned their All-Access Mode off');
  });

  it('says who set or removed an account logo', () => {
    expect(describeEntry(entry({ action: 'account.setLogo', fields: ['logo'] }), names)).toEqual({
      who: 'Ada Lovelace',
      what: 'Set the account’s logo (its Okta chiclet icon)',
      item: 'Brand Instagram',
    });
    expect(describeEntry(entry({ action: 'account.removeLogo' }), names).what).toBe('Removed the account’s logo');
  });

  it('says who rotated a password a departure required', () => {
    expect(describeEntry(entry({ action: 'account.rotated' }), names)).toEqual({
      who: 'Ada Lovelace',
      what: 'Rotated the password (rotation no longer required)',
      item: 'Brand Instagram',
    });
  });

  it('names people, Okta and the item', () => {
    expect(describeEntry(entry({ action: 'account.extend', kind: 'okta' }), names)).toEqual({
      who: 'Ada Lovelace',
      what: 'Extended the account to Okta',
      item: 'Brand Instagram',
    });
    expect(
      describeEntry(
        entry({ actorType: 'scim', actorId: null, action: 'users.create', collection: 'users', recordId: 'u-9' }),
        names,
      ),
    ).toEqual({ who: 'Okta (SCIM)', what: 'Created a member', item: 'users u-9' });
    expect(
      describeEntry(entry({ actorType: 'system', actorId: 'okta-sync', action: 'account.oktaSync' }), names).who,
    ).toBe('Okta sync');
  });

  it('says why a launch was refused', () => {
    const line = describeEntry(
      entry({ kind: 'refusal', action: 'account.launch', actorId: 'u-lou', reason: 'login_only' }),
      names,
    );
    expect(line).toEqual({
      who: 'Lou Reed',
      what: 'Login refused: Login-only users cannot log in to accounts',
      item: 'Brand Instagram',
    });
    expect(describeEntry(entry({ kind: 'refusal', actorId: null, reason: 'user_not_provisioned' }), names).who).toBe(
      'Someone not in the workspace',
    );
  });

  it('names changed fields, never hides an unknown action', () => {
    expect(describeEntry(entry({ fields: ['labels', 'updatedAt'] }), names).what).toBe('Updated an account: labels');
    expect(describeEntry(entry({ action: 'future.thing', fields: ['x'] }), names).what).toBe('future.thing (x)');
  });
});

describe('Okta drift in the audit log', () => {
  it('reads a drift the sync overwrote, and a sweep, as sentences; Okta sync is who did it', () => {
    const drift = entry({
      kind: 'okta',
      action: 'okta.driftOverwritten',
      actorType: 'system',
      actorId: 'okta-sync',
      drift: { kind: 'groupAssigned', appLabel: 'Brand - Instagram', groupId: '00g1', groupName: 'Sales' },
    });
    expect(describeEntry(drift, names)).toEqual({
      who: 'Okta sync',
      what: 'Okta drift overwritten: group “Sales” unassigned from app “Brand - Instagram”',
      item: 'Brand Instagram',
    });
    const sweep = entry({
      kind: 'okta',
      action: 'okta.driftSweep',
      actorType: 'system',
      actorId: 'okta-sync',
      collection: 'settings',
      recordId: 'workspace',
      sweep: { accounts: 1000, driftFound: 3, driftFixed: 3, apiCalls: 2005 },
    });
    expect(describeEntry(sweep, names).what).toBe(
      'Okta drift sweep of 1000 extended accounts: 3 drifts found, 3 fixed',
    );
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

  it('sorts by Kind label and by Who, ties newest first', () => {
    expect(ids(sortEntries(rows, 'kind', 'ascending'))).toEqual(['e1', 'e3', 'e2']);
    expect(ids(sortEntries(rows, 'who', 'ascending'))).toEqual(['e2', 'e3', 'e1']);
    expect(ids(sortEntries(rows, 'who', 'descending'))).toEqual(['e1', 'e2', 'e3']);
  });

  it('a header sorts ascending first, then reverses', () => {
    const byWhen = { by: 'when', direction: 'descending' } as const;
    expect(nextSort(byWhen, 'kind')).toEqual({ by: 'kind', direction: 'ascending' });
    expect(nextSort({ by: 'kind', direction: 'ascending' }, 'kind')).toEqual({ by: 'kind', direction: 'descending' });
    expect(nextSort(byWhen, 'when')).toEqual({ by: 'when', direction: 'ascending' });
  });
});
