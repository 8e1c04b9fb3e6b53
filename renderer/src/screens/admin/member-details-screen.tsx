import { effectiveRole } from '../../../../domain/access';
import type { User } from '../../../../domain/records';
import { groupRoleText } from '../../../../domain/role-change';
import { isErased } from '../../../../domain/user-erasure';
import { displayName, teamIdsOf } from '../../../../domain/workspace-index';
import { navigate } from '../../stores/route-store';
import { accessText, workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { MemberErasePanel } from './member-erase-panel';
import { MemberRolePanel } from './member-role-panel';
import { type MemberStatus, memberStatus } from './member-rows';

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
  const erased = isErased(user);
  const teams = teamIdsOf(view.index, user.id)
    .map((id) => view.index.teams.get(id)?.displayName)
    .filter((name): name is string => name !== undefined);
  const groupText = groupRoleText(user, view.teams);
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
          <dd>{erased ? 'Deleted' : user.userName}</dd>
          <dt>Workspace role</dt>
          <dd>
            {workspaceRoleName(user.role)}
            {groupText && (
              <span className="muted" data-testid="member-group-role">
                {' '}
                — {groupText}
              </span>
            )}
          </dd>
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
          {user.erasedAt && (
            <>
              <dt>Data deleted</dt>
              <dd data-testid="member-erased-at">{new Date(user.erasedAt).toLocaleString()}</dd>
            </>
          )}
        </dl>
        {!erased && user.externalId === null && (
          <p className="notice">
            This member has no SCIM external ID, so Okta shows them no chiclets. Ask your IT admin to provision them to
            Latchkey from Okta.
          </p>
        )}
        {status !== 'Active' && (
          <p className="notice" data-testid="member-inactive-note">
            {inactiveNote(status, user)}
          </p>
        )}
      </section>
      {!erased && <MemberRolePanel key={user.id} user={user} />}
      <MemberErasePanel key={`erase-${user.id}`} user={user} />
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

/**
 * What happens if Okta brings the person back, as the SCIM services do it: deactivation removed
 * their shares and team memberships and reactivation restores neither (users-service.ts); a team
 * pushed from Okta gets them back only when Okta pushes that membership again (groups-service.ts).
 * A removed user's id is gone for SCIM, so Okta provisions them as a new member.
 */
export function inactiveNote(status: MemberStatus, user: Pick<User, 'role'>): string {
  if (status === 'Deleted') {
    return "This user's data was permanently deleted. If Okta provisions the same person again, they join as a new member with no access.";
  }
  const lost = `${status === 'Deactivated' ? 'Deactivated in Okta' : 'Removed by Okta'}: this member has lost all access to Latchkey accounts.`;
  if (status === 'Removed') {
    return `${lost} If Okta assigns Latchkey to them again, they come back as a new member with no access: owners must share again. They rejoin teams pushed from Okta only when Okta pushes the group membership again.`;
  }
  return `${lost} If Okta reactivates this user, they get no access back: owners must share again. They rejoin teams pushed from Okta only when Okta pushes the group membership again. They keep their workspace role (${workspaceRoleName(user.role)}).`;
}
