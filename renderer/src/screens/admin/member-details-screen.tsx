import { effectiveRole } from '../../../../domain/access';
import { displayName, teamIdsOf } from '../../../../domain/workspace-index';
import { navigate } from '../../stores/route-store';
import { accessText, workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { MemberRolePanel } from './member-role-panel';
import { memberStatus } from './member-rows';

/** One member: identity from Okta, status, teams, and their access to the accounts you can see. */
export function MemberDetailsScreen({ userId }: { userId: string }) {
  const { view } = useApp();
  const user = view.index.users.get(userId);
  const back = (
    <button type="button" className="link back" onClick={() => navigate({ screen: 'members' })}>
      ← All members
    </button>
  );
  if (!user) {
    return (
      <main className="screen adm-screen" aria-labelledby="screen-title">
        {back}
        <h2 id="screen-title">Member details</h2>
        <p className="empty-state">This member is no longer in the workspace.</p>
      </main>
    );
  }
  const status = memberStatus(user);
  const teams = teamIdsOf(view.index, user.id)
    .map((id) => view.index.teams.get(id)?.displayName)
    .filter((name): name is string => name !== undefined);
  const access = view.accounts
    .map((account) => ({ account, access: effectiveRole(view.index, user.id, account.id) }))
    .filter((entry) => entry.access.role !== null);
  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      {back}
      <h2 id="screen-title">{displayName(user)}</h2>
      <section className="panel" aria-label="Identity">
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user.userName}</dd>
          <dt>Workspace role</dt>
          <dd>{workspaceRoleName(user.role)}</dd>
          <dt>SCIM external ID</dt>
          <dd className="adm-mono" data-testid="member-external-id">
            {user.externalId ?? 'None'}
          </dd>
          <dt>Status</dt>
          <dd>
            <span className={`adm-status adm-status-${status.toLowerCase()}`}>{status}</span>
          </dd>
          <dt>Teams</dt>
          <dd>{teams.length === 0 ? 'None' : teams.join(', ')}</dd>
        </dl>
        {user.externalId === null && (
          <p className="notice">
            This member has no SCIM external ID, so Okta shows them no chiclets. Ask your IT admin to provision them to
            Latchkey from Okta.
          </p>
        )}
        {status !== 'Active' && (
          <p className="notice">
            {status === 'Deactivated' ? 'Deactivated in Okta' : 'Removed by Okta'}: this member has lost all access to
            Latchkey accounts. Reactivating them in Okta restores the member, not their shares.
          </p>
        )}
      </section>
      <MemberRolePanel key={user.id} user={user} />
      <section className="panel" aria-labelledby="member-accounts">
        <h3 id="member-accounts">Accounts</h3>
        {access.length === 0 ? (
          <p className="empty-state">No access to any account you can see.</p>
        ) : (
          <ul className="grant-list" aria-label="Member's accounts">
            {access.map(({ account, access: a }) => (
              <li key={account.id}>
                <span>
                  {account.name} <span className="muted">— {account.appName}</span>
                </span>
                <span>{accessText(a, false)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
