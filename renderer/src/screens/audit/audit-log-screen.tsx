import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Account, User } from '../../../../domain/records';
import { api as routes } from '../../../../domain/wire/api';
import { AUDIT_KINDS, AUDIT_LIMIT_MAX, type AuditEntry, type AuditPage } from '../../../../domain/wire/audit';
import { displayName } from '../../../../domain/workspace-index';
import { Combobox, type ComboboxOption } from '../../components/combobox';
import { nextSort, SortHeader, type SortState } from '../../components/sort-header';
import { SpacerRow } from '../../components/spacer-row';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { foldedBy } from '../search-text';
import { useVirtualRows } from '../virtual-rows';
import { auditCsv, auditCsvName } from './audit-csv';
import {
  type AuditFilters,
  type AuditSort,
  auditQuery,
  describeEntry,
  KIND_LABELS,
  type Names,
  NO_FILTERS,
  sortEntries,
} from './audit-text';

type Load = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string };

const userText = foldedBy((user: User) => `${displayName(user)} ${user.userName}`);
const accountText = foldedBy((account: Account) => `${account.name} ${account.appName}`);
const byName = new Intl.Collator('en');
/** An event row's height before it is measured. */
const ESTIMATED_ROW = 40;
const COLUMNS = 3;

/**
 * Audit log (Admins and above): SCIM events, Okta pushes, launches and refusals, filterable, one
 * sentence per event; "Export CSV" downloads every event matching the filters.
 */
export function AuditLogScreen() {
  const { api, view } = useApp();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [tick, setTick] = useState(0);
  const [exporting, setExporting] = useState(false);

  const fetchPage = useCallback(
    async (before: string | null, limit?: number): Promise<AuditPage | string> => {
      const outcome = await callApi(api, routes.auditLog, { query: auditQuery(filters, before, limit) });
      if (outcome.ok) return outcome.body;
      return outcome.code === 'bad_answer' && outcome.status !== null && outcome.status < 300
        ? 'The sync server sent an audit log this app does not understand. Update Latchkey.'
        : outcome.message;
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
    team: (id) => view.index.teams.get(id)?.displayName,
    account: (id) => view.index.accounts.get(id)?.name,
    collection: (id) => view.index.collections.get(id)?.name,
    share: (id) => view.index.shares.get(id),
  };

  // Every page matching the filters, not only the ones on screen: an export is for the record.
  const exportCsv = async () => {
    setExporting(true);
    try {
      const all: AuditEntry[] = [];
      let before: string | null = null;
      do {
        const page = await fetchPage(before, AUDIT_LIMIT_MAX);
        if (typeof page === 'string') return setLoad({ phase: 'failed', message: page });
        all.push(...page.entries);
        before = page.next;
      } while (before !== null);
      downloadText(auditCsvName(new Date()), auditCsv(all, names), 'text/csv');
    } finally {
      setExporting(false);
    }
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
  // The loaded events (older ones come a page at a time), sorted by a header, rendered near the viewport.
  const [sort, setSort] = useState<SortState<AuditSort>>({ by: 'when', direction: 'descending' });
  const described = sortEntries(
    entries.map((entry) => ({ entry, line: describeEntry(entry, names) })),
    sort.by,
    sort.direction,
  );
  const shownCount = load.phase === 'ready' ? described.length : 0;
  const { bodyRef, items, measure, padTop, padBottom } = useVirtualRows(shownCount, ESTIMATED_ROW);
  const onSort = (by: AuditSort) => setSort((was) => nextSort(was, by));

  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <div className="screen-head">
        <h2 id="screen-title">Audit log</h2>
        <div className="actions">
          <button type="button" onClick={() => setTick((n) => n + 1)}>
            Refresh
          </button>
          <button type="button" disabled={exporting} onClick={() => void exportCsv()}>
            {exporting ? 'Exporting…' : 'Export CSV'}
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
        // The table scrolls sideways on a narrow window and holds nothing focusable, so the
        // wrapper itself takes focus: keyboard users scroll it with the arrow keys.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="adm-table-wrap" aria-label="Audit events, scrollable" tabIndex={0}>
          <table className="adm-table" aria-label="Audit events">
            <thead>
              <tr>
                <SortHeader column="when" label="When" sort={sort} onSort={onSort} />
                <SortHeader column="kind" label="Kind" sort={sort} onSort={onSort} />
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody ref={bodyRef}>
              <SpacerRow height={padTop} columns={COLUMNS} />
              {items.map((item) => {
                const row = described[item.index];
                if (!row) return null;
                const { entry, line } = row;
                const { sentence } = line;
                return (
                  <tr key={entry.id} data-kind={entry.kind} data-index={item.index} ref={measure}>
                    <td className="adm-nowrap">{new Date(entry.at).toLocaleString()}</td>
                    <td>
                      <span className={`adm-kind adm-kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
                    </td>
                    <td className="adm-wrap">{sentence}</td>
                  </tr>
                );
              })}
              <SpacerRow height={padBottom} columns={COLUMNS} />
            </tbody>
          </table>
        </section>
      )}
      {load.phase === 'ready' && next !== null && (
        <button type="button" onClick={() => void older()}>
          Load older events
        </button>
      )}
    </main>
  );
}

/** Saves text as a file through the browser's download (Electron shows its save dialog). */
function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has handed the blob to the download; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
