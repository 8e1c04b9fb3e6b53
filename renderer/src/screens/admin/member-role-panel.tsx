import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import { type User, WORKSPACE_ROLES, WorkspaceRole } from '../../../../domain/records';
import { decideRoleChange, groupRoleNotice } from '../../../../domain/role-change';
import { api as routes } from '../../../../domain/wire/api';
import { displayName } from '../../../../domain/workspace-index';
import { workspaceRoleName } from '../access-text';
import { useApp } from '../app-context';
import { callApi } from '../call-api';

/**
 * All members → a member → Role. The server decides (`PUT /api/v1/users/:id/role`); the screen
 * asks the same domain rule first so it can say why a change is refused before anyone clicks.
 * The new role arrives back through replication like every other change to the member. The
 * choice is the role set by hand: an Okta group mapped to a higher role keeps the member there,
 * and the note says so.
 */
export function MemberRolePanel({ user }: { user: User }) {
  const { api, view, me } = useApp();
  const [choice, setChoice] = useState<WorkspaceRole>(user.manualRole);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  if (!me || !decide(view.index, me.id, 'users.setRole').allowed) return null;
  const changing = choice !== user.manualRole;
  const decision = decideRoleChange(view.index, me.id, user.id, choice);
  // Your own role is never yours to change: say so at once, not only after picking a role.
  const refusal = !decision.allowed && (changing || user.id === me.id) ? decision.message : null;

  const save = async () => {
    setBusy(true);
    setNote({ kind: 'ok', text: 'Asking the sync server…' });
    const outcome = await callApi(api, routes.setRole, { params: { id: user.id }, body: { role: choice } });
    setBusy(false);
    const kept = groupRoleNotice({ ...user, manualRole: choice }, view.teams);
    setNote(
      outcome.ok
        ? {
            kind: 'ok',
            text:
              kept === null
                ? `${displayName(user)} is now ${workspaceRoleName(choice)}.`
                : `Role set by hand: ${workspaceRoleName(choice)}. ${kept}`,
          }
        : { kind: 'error', text: outcome.message },
    );
  };

  return (
    <section className="panel adm-panel" aria-labelledby="member-role">
      <h3 id="member-role">Role</h3>
      <div className="adm-row">
        <label>
          Workspace role{' '}
          <select
            value={choice}
            disabled={busy}
            onChange={(event) => {
              const parsed = WorkspaceRole.safeParse(event.target.value);
              if (parsed.success) setChoice(parsed.data);
              setNote(null);
            }}
          >
            {WORKSPACE_ROLES.map((role) => (
              <option key={role} value={role}>
                {workspaceRoleName(role)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!changing || !decision.allowed || busy} onClick={() => void save()}>
          Change role
        </button>
      </div>
      {refusal && (
        <p className="notice" data-testid="role-refusal">
          {refusal}
        </p>
      )}
      {note && (
        <p
          className={note.kind === 'error' ? 'error-text' : 'adm-note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="role-note"
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
