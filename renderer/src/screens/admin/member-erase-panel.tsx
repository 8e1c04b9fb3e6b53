import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import type { User } from '../../../../domain/records';
import { decideErase } from '../../../../domain/user-erasure';
import { api as routes } from '../../../../domain/wire/api';
import { displayName } from '../../../../domain/workspace-index';
import { Dialog } from '../../components/dialog';
import { useApp } from '../app-context';
import { callApi } from '../call-api';

/** What the person must type: the user's e-mail, or the word DELETE (e-mails are long to type). */
export function confirmsErase(typed: string, user: Pick<User, 'userName'>): boolean {
  const value = typed.trim();
  return value === 'DELETE' || (value !== '' && value.toLowerCase() === user.userName.toLowerCase());
}

/**
 * All members → a deactivated member → Permanent deletion (Owners only). The server decides
 * (`POST /api/v1/users/:id/erase`); the panel asks the same rules first, so it is offered only to
 * whom it would be allowed. The tombstone comes back through replication: the screen then names
 * the member "Deleted user".
 */
export function MemberErasePanel({ user }: { user: User }) {
  const { api, view, me } = useApp();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!me || !decide(view.index, me.id, 'users.erase').allowed) return null;
  if (decideErase(me.id, user).kind !== 'erase') return null;
  const confirmed = confirmsErase(typed, user);

  const erase = async () => {
    if (!confirmed || busy) return;
    setBusy(true);
    setError(null);
    const outcome = await callApi(api, routes.eraseUser, { params: { id: user.id } });
    setBusy(false);
    if (outcome.ok) {
      setOpen(false);
      return;
    }
    // A success whose answer this app cannot read: say that nothing is shown as deleted.
    const unreadSuccess = outcome.code === 'bad_answer' && outcome.status !== null && outcome.status < 300;
    setError(
      unreadSuccess ? 'The sync server answered something unexpected. Nothing was shown as deleted.' : outcome.message,
    );
  };

  const close = () => {
    if (busy) return;
    setOpen(false);
    setTyped('');
    setError(null);
  };

  return (
    <section className="panel adm-panel" aria-labelledby="member-erase">
      <h3 id="member-erase">Permanent deletion</h3>
      <p className="muted">
        Okta has deactivated this member. You can permanently delete their data from Latchkey: it cannot be undone.
      </p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Permanently delete this user’s data…
      </button>
      {open && (
        <Dialog
          title={`Permanently delete ${displayName(user)}’s data?`}
          onClose={close}
          onSubmit={() => void erase()}
          actions={
            <>
              <button type="button" onClick={close} disabled={busy}>
                Cancel
              </button>
              <button type="submit" className="danger" disabled={!confirmed || busy}>
                {busy ? 'Deleting…' : 'Delete permanently'}
              </button>
            </>
          }
        >
          <ul>
            <li>Their name, e-mail and Okta identity are removed from Latchkey. They are shown as “Deleted user”.</li>
            <li>Anything still shared with them, and their team memberships, are removed.</li>
            <li>The audit log keeps its entries, without their name or e-mail.</li>
            <li>
              This cannot be undone. If Okta provisions them again, they come back as a new member with no access.
            </li>
          </ul>
          <label>
            Type their e-mail ({user.userName}) or DELETE to confirm
            <input
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              disabled={busy}
              onChange={(event) => setTyped(event.target.value)}
            />
          </label>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
        </Dialog>
      )}
    </section>
  );
}
