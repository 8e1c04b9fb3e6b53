import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import { type Team, WORKSPACE_ROLES, WorkspaceRole } from '../../../../domain/records';
import { api as routes } from '../../../../domain/wire/api';
import { workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { callApi } from '../call-api';

/** Least powerful first, as people read a scale: None, Login-only … Owner. */
const CHOICES: readonly WorkspaceRole[] = [...WORKSPACE_ROLES].reverse();

/**
 * Teams → a team → "Workspace role for members": an Owner maps a team Okta pushed to the role its
 * members hold at least while Okta keeps them in the group. The server decides
 * (`PUT /api/v1/teams/:id/role`: Owners only, teams Okta pushed only) and recomputes each member's
 * role; the changes arrive back through replication.
 */
export function TeamRoleSelect({ team }: { team: Team }) {
  const { api, view, me } = useApp();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  if (!me || !decide(view.index, me.id, 'teams.mapRole').allowed) return null;

  const save = async (role: WorkspaceRole | null) => {
    setBusy(true);
    setNote({ kind: 'ok', text: 'Asking the sync server…' });
    const outcome = await callApi(api, routes.setTeamRole, { params: { id: team.id }, body: { role } });
    setBusy(false);
    setNote(
      outcome.ok
        ? {
            kind: 'ok',
            text:
              role === null
                ? `Members of ${team.displayName} keep only the roles set by hand.`
                : `Members of ${team.displayName} are at least ${workspaceRoleName(role)} while in the Okta group.`,
          }
        : { kind: 'error', text: outcome.message },
    );
  };

  return (
    <div className="adm-row">
      <label>
        Workspace role for members{' '}
        <select
          value={team.mappedRole ?? ''}
          disabled={busy}
          data-testid={`team-role-${team.id}`}
          onChange={(event) => {
            const parsed = WorkspaceRole.nullable().safeParse(event.target.value === '' ? null : event.target.value);
            if (parsed.success) void save(parsed.data);
          }}
        >
          <option value="">None</option>
          {CHOICES.map((role) => (
            <option key={role} value={role}>
              {workspaceRoleName(role)}
            </option>
          ))}
        </select>
      </label>
      {note && (
        <p
          className={note.kind === 'error' ? 'error-text' : 'adm-note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="team-role-note"
        >
          {note.text}
        </p>
      )}
    </div>
  );
}
