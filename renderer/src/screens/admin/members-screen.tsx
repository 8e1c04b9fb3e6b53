import { useMemo, useState } from 'react';
import { navigate } from '../../stores/route-store';
import { workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { filterMembers, memberRows, type StatusFilter } from './member-rows';

/** All members (Admins and above): who is in the workspace, as Okta provisioned them. */
export function MembersScreen() {
  const { view } = useApp();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const rows = useMemo(() => memberRows(view.index, view.users, view.accounts), [view]);
  const shown = filterMembers(rows, text, status);
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
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">SCIM external ID</th>
                <th scope="col">Status</th>
                <th scope="col">Accounts</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.id} data-member={row.email}>
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
