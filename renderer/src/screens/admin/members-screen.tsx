import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { navigate } from '../../stores/route-store';
import { workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { offsetWithin, scrollParent } from '../virtual-grid';
import {
  filterMembers,
  type MemberSort,
  memberRows,
  type SortDirection,
  type StatusFilter,
  sortMembers,
} from './member-rows';

/** A member row's height before it is measured (name and e-mail on two lines). */
const ESTIMATED_ROW = 52;

const COLUMNS: readonly { key: MemberSort | null; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'role', label: 'Role' },
  { key: null, label: 'SCIM external ID' },
  { key: 'status', label: 'Status' },
  { key: null, label: 'Accounts' },
];

/** All members (Admins and above): who is in the workspace, as Okta provisioned them. */
export function MembersScreen() {
  const { view } = useApp();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const rows = useMemo(() => memberRows(view.index, view.users, view.accounts), [view]);
  const [sort, setSort] = useState<{ by: MemberSort; direction: SortDirection }>({
    by: 'name',
    direction: 'ascending',
  });
  const shown = useMemo(
    () => sortMembers(filterMembers(rows, text, status), sort.by, sort.direction),
    [rows, text, status, sort],
  );
  // Thousands of members: only the rows near the viewport are in the table; spacer rows above
  // and below keep the scroll height (the table scrolls with the screen).
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [place, setPlace] = useState({ scroller: null as HTMLElement | null, margin: 0 });
  const showsTable = shown.length > 0;
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!showsTable || !body) return;
    const scroller = scrollParent(body);
    const margin = offsetWithin(body, scroller);
    setPlace((was) => (was.scroller === scroller && Math.abs(was.margin - margin) < 1 ? was : { scroller, margin }));
  }, [showsTable]);
  const virtualRows = useVirtualizer<HTMLElement, HTMLTableRowElement>({
    count: shown.length,
    getScrollElement: () => place.scroller,
    estimateSize: () => ESTIMATED_ROW,
    scrollMargin: place.margin,
    overscan: 8,
    useFlushSync: false,
  });
  const items = virtualRows.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - place.margin : 0;
  const padBottom = last ? Math.max(virtualRows.getTotalSize() - (last.end - place.margin), 0) : 0;
  const toggle = (by: MemberSort) =>
    setSort((was) => ({
      by,
      direction: was.by === by && was.direction === 'ascending' ? 'descending' : 'ascending',
    }));
  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">All members</h2>
      <p className="muted">
        Members come from Okta through SCIM provisioning. Only members with a SCIM external ID can use Extended account
        access; if one is missing, ask your IT admin to provision that person from Okta. Accounts counts the accounts
        you can see that each member holds a role on.
      </p>
      <div className="filters">
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name, email or ID" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Deactivated or removed</option>
            <option value="noExternalId">No SCIM external ID</option>
          </select>
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="empty-state">
          No members yet. They appear when your IT admin assigns the Latchkey app to people in Okta.
        </p>
      ) : shown.length === 0 ? (
        <p className="empty-state">No member matches these filters.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" aria-label="Members">
            <thead>
              <tr>
                {COLUMNS.map(({ key, label }) =>
                  key === null ? (
                    <th key={label} scope="col">
                      {label}
                    </th>
                  ) : (
                    <th key={label} scope="col" aria-sort={sort.by === key ? sort.direction : 'none'}>
                      <button type="button" className="sort-button" onClick={() => toggle(key)}>
                        {label}
                        <span aria-hidden="true">
                          {sort.by === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody ref={bodyRef}>
              {padTop > 0 && (
                // Height set through the DOM's style object (CSSOM), which the renderer's CSP allows.
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row is not focusable; it only keeps the scroll height.
                <tr aria-hidden="true" className="virtual-spacer" style={{ height: padTop }}>
                  <td colSpan={COLUMNS.length} />
                </tr>
              )}
              {items.map((item) => {
                const row = shown[item.index];
                if (!row) return null;
                return (
                  <tr key={row.id} data-member={row.email} data-index={item.index} ref={virtualRows.measureElement}>
                    <td>
                      <span className="adm-strong">{row.name}</span>
                      <br />
                      <span className="muted">{row.email}</span>
                    </td>
                    <td>{workspaceRoleName(row.role)}</td>
                    <td className="adm-mono">{row.externalId ?? <span className="muted">None</span>}</td>
                    <td>
                      <span className={`adm-status adm-status-${row.status.toLowerCase()}`}>{row.status}</span>
                    </td>
                    <td>
                      {row.accounts}{' '}
                      <button
                        type="button"
                        className="link"
                        aria-label={`More about ${row.name}`}
                        onClick={() => navigate({ screen: 'member', userId: row.id })}
                      >
                        More
                      </button>
                    </td>
                  </tr>
                );
              })}
              {padBottom > 0 && (
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row is not focusable; it only keeps the scroll height.
                <tr aria-hidden="true" className="virtual-spacer" style={{ height: padBottom }}>
                  <td colSpan={COLUMNS.length} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
