import { useCallback, useEffect, useState } from 'react';
import { AUDIT_KINDS, AUDIT_LIMIT_MAX, type AuditEntry, AuditPage } from '../../../../domain/wire/audit';
import { displayName } from '../../../../domain/workspace-index';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { auditCsv, auditCsvName } from './audit-csv';
import { type AuditFilters, auditPath, describeEntry, KIND_LABELS, type Names, NO_FILTERS } from './audit-text';

type Load = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string };

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
      const outcome = await callApi(api, 'GET', auditPath(filters, before, limit));
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
  const users = [...view.users].sort((a, b) => displayName(a).localeCompare(displayName(b), 'en'));
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));

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
        <label>
          Person
          <select value={filters.userId} onChange={(e) => set({ userId: e.target.value })}>
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {displayName(u)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Account
          <select value={filters.recordId} onChange={(e) => set({ recordId: e.target.value })}>
            <option value="">Any item</option>
            {view.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
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
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const { sentence } = describeEntry(entry, names);
                return (
                  <tr key={entry.id} data-kind={entry.kind}>
                    <td className="adm-nowrap">{new Date(entry.at).toLocaleString()}</td>
                    <td>
                      <span className={`adm-kind adm-kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
                    </td>
                    <td className="adm-wrap">{sentence}</td>
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
