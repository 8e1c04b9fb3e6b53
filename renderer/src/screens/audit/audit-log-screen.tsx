import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Account, User } from '../../../../domain/records';
import { AUDIT_KINDS, type AuditEntry, AuditPage } from '../../../../domain/wire/audit';
import { displayName } from '../../../../domain/workspace-index';
import { Combobox, type ComboboxOption } from '../../components/combobox';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { foldedBy } from '../search-text';
import { type AuditFilters, auditPath, describeEntry, KIND_LABELS, type Names, NO_FILTERS } from './audit-text';

type Load = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string };

const userText = foldedBy((user: User) => `${displayName(user)} ${user.userName}`);
const accountText = foldedBy((account: Account) => `${account.name} ${account.appName}`);
const byName = new Intl.Collator('en');

/** Audit log (Admins and above): SCIM events, Okta pushes, launches and refusals, filterable. */
export function AuditLogScreen() {
  const { api, view } = useApp();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [tick, setTick] = useState(0);

  const fetchPage = useCallback(
    async (before: string | null): Promise<AuditPage | string> => {
      const outcome = await callApi(api, 'GET', auditPath(filters, before));
      if (!outcome.ok) return outcome.message;
      const page = AuditPage.safeParse(outcome.body);
      return page.success
        ? page.data
        : 'The sync server sent an audit log this app does not understand. Update Latchkey.';
    },
    [api, filters],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the refresh trigger.
  useEffect(() => {
    let live = true;
    setLoad({ phase: 'loading' });
    void fetchPage(null).then((page) => {
      if (!live) return;
      if (typeof page === 'string') return setLoad({ phase: 'failed', message: page });
      setEntries(page.entries);
      setNext(page.next);
      setLoad({ phase: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [fetchPage, tick]);

  const older = async () => {
    if (next === null) return;
    const page = await fetchPage(next);
    if (typeof page === 'string') return setLoad({ phase: 'failed', message: page });
    setEntries((current) => [...current, ...page.entries]);
    setNext(page.next);
  };

  const names: Names = {
    user: (id) => {
      const user = view.index.users.get(id);
      return user ? displayName(user) : undefined;
    },
    record: (collection, id) => {
      if (collection === 'accounts') return view.index.accounts.get(id)?.name;
      if (collection === 'users') {
        const user = view.index.users.get(id);
        return user ? displayName(user) : undefined;
      }
      if (collection === 'teams') return view.index.teams.get(id)?.displayName;
      if (collection === 'collections') return view.index.collections.get(id)?.name;
      if (collection === 'settings') return 'Workspace settings';
      return undefined;
    },
  };
  // Thousands of people and accounts: the Person and Account filters are typed into, not scrolled.
  const people = useMemo<ComboboxOption[]>(
    () =>
      view.users
        .map((user) => ({ user, name: displayName(user) }))
        .sort((a, b) => byName.compare(a.name, b.name))
        .map(({ user, name }) => ({ value: user.id, label: name, group: 'People', searchText: userText(user) })),
    [view.users],
  );
  const accounts = useMemo<ComboboxOption[]>(
    () =>
      view.accounts.map((account) => ({
        value: account.id,
        label: account.name,
        group: 'Accounts',
        searchText: accountText(account),
      })),
    [view.accounts],
  );
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <div className="screen-head">
        <h2 id="screen-title">Audit log</h2>
        <div className="actions">
          <button type="button" onClick={() => setTick((n) => n + 1)}>
            Refresh
          </button>
        </div>
      </div>
      <div className="filters">
        <label>
          Kind
          <select value={filters.kind} onChange={(e) => set({ kind: e.target.value as AuditFilters['kind'] })}>
            <option value="">All events</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <Combobox
          label="Person"
          options={people}
          value={filters.userId}
          onChange={(userId) => set({ userId })}
          placeholder="Anyone"
          emptyText="No person matches."
        />
        <Combobox
          label="Account"
          options={accounts}
          value={filters.recordId}
          onChange={(recordId) => set({ recordId })}
          placeholder="Any item"
          emptyText="No account matches."
        />
        {(filters.kind !== '' || filters.userId !== '' || filters.recordId !== '') && (
          <button type="button" className="link" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
      {load.phase === 'failed' ? (
        <p className="error-text" role="alert">
          {load.message}{' '}
          <button type="button" className="link" onClick={() => setTick((n) => n + 1)}>
            Try again
          </button>
        </p>
      ) : load.phase === 'loading' ? (
        <p className="empty-state" aria-busy="true">
          Loading the audit log…
        </p>
      ) : entries.length === 0 ? (
        <p className="empty-state">No events match these filters.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Item</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const line = describeEntry(entry, names);
                return (
                  <tr key={entry.id} data-kind={entry.kind}>
                    <td className="adm-nowrap">{new Date(entry.at).toLocaleString()}</td>
                    <td>
                      <span className={`adm-kind adm-kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
                    </td>
                    <td>{line.who}</td>
                    <td>{line.what}</td>
                    <td>{line.item}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {load.phase === 'ready' && next !== null && (
        <button type="button" onClick={() => void older()}>
          Load older events
        </button>
      )}
    </main>
  );
}
