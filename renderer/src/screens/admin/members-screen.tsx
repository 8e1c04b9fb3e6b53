import { useMemo, useState } from 'react';
import { nextSort, SortHeader, type SortState } from '../../components/sort-header';
import { SpacerRow } from '../../components/spacer-row';
import { navigate } from '../../stores/route-store';
import { workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { useVirtualRows } from '../virtual-rows';
import { filterMembers, type MemberSort, memberRows, type StatusFilter, sortMembers } from './member-rows';

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
  const [sort, setSort] = useState<SortState<MemberSort>>({ by: 'name', direction: 'ascending' });
  const shown = useMemo(
    () => sortMembers(filterMembers(rows, text, status), sort.by, sort.direction),
    [rows, text, status, sort],
  );
  // Thousands of members: only the rows near the viewport are in the table.
  const { bodyRef, items, measure, padTop, padBottom } = useVirtualRows(shown.length, ESTIMATED_ROW);
  const toggle = (by: MemberSort) => setSort((was) => nextSort(was, by));
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
                    <SortHeader key={label} column={key} label={label} sort={sort} onSort={toggle} />
                  ),
                )}
              </tr>
            </thead>
            <tbody ref={bodyRef}>
              <SpacerRow height={padTop} columns={COLUMNS.length} />
              {items.map((item) => {
                const row = shown[item.index];
                if (!row) return null;
                return (
                  <tr key={row.id} data-member={row.email} data-index={item.index} ref={measure}>
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
              <SpacerRow height={padBottom} columns={COLUMNS.length} />
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
