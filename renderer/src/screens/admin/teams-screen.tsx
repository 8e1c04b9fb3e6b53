import { displayName } from '../../../../domain/workspace-index';
import { navigate } from '../../stores/route-store';
import { useApp } from '../app-context';
import { memberStatus } from './member-rows';
import { TeamRoleSelect } from './team-role-select';

/** Teams, as Okta Group Push created or linked them, with their members. */
export function TeamsScreen() {
  const { view } = useApp();
  const teams = [...view.teams].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Teams</h2>
      {teams.length === 0 ? (
        <p className="empty-state">
          No teams yet. Teams appear when your IT admin pushes Okta groups to Latchkey (Okta: the Latchkey app → Push
          Groups).
        </p>
      ) : (
        <ul className="adm-cards" aria-label="Teams">
          {teams.map((team) => {
            const members = team.memberIds
              .map((id) => view.index.users.get(id))
              .filter((u) => u !== undefined)
              .sort((a, b) => displayName(a).localeCompare(displayName(b), 'en'));
            return (
              <li key={team.id} className="panel" aria-labelledby={`team-${team.id}`}>
                <div className="panel-head">
                  <h3 id={`team-${team.id}`}>{team.displayName}</h3>
                  <span className="muted">
                    {team.oktaGroupId ? `Okta group ${team.oktaGroupId}` : 'Not linked to an Okta group'}
                  </span>
                </div>
                <TeamRoleSelect team={team} />
                {members.length === 0 ? (
                  <p className="empty-state">No members.</p>
                ) : (
                  <ul className="adm-member-list" aria-label={`Members of ${team.displayName}`}>
                    {members.map((user) => {
                      const status = memberStatus(user);
                      return (
                        <li key={user.id}>
                          <button
                            type="button"
                            className="link"
                            onClick={() => navigate({ screen: 'member', userId: user.id })}
                          >
                            {displayName(user)}
                          </button>{' '}
                          <span className="muted">{user.userName}</span>
                          {status !== 'Active' && (
                            <span className={`adm-status adm-status-${status.toLowerCase()}`}>{status}</span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
