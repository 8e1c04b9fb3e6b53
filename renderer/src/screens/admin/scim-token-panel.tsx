import { useEffect, useRef, useState } from 'react';
import { decide } from '../../../../domain/policy';
import { api as routes } from '../../../../domain/wire/api';
import { displayName } from '../../../../domain/workspace-index';
import { ConfirmDialog } from '../../components/dialog';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { useServerData } from './use-server-data';

type Confirm = 'rotate' | 'revoke' | null;

/**
 * The SCIM token Okta's provisioning uses (okta-user-provisioning-with-scim.md, "API Token"),
 * self-service for workspace Owners (`/api/v1/scim-token`). A new token is shown exactly once:
 * it lives only in this component's state, is never written to the replica or storage, and is
 * dropped when the owner hides it or leaves the screen. The server keeps only its digest.
 */
export function ScimTokenPanel() {
  const { api, view, me } = useApp();
  const manage = me ? decide(view.index, me.id, 'workspace.manageScimToken') : null;
  const info = useServerData(routes.scimTokenInfo, manage?.allowed === true);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  useEffect(() => () => setShown(null), []);
  // The one chance to copy it: bring the token into view and focus it (selected, ready to copy).
  useEffect(() => {
    if (shown === null) return;
    tokenField.current?.scrollIntoView({ block: 'center' });
    tokenField.current?.focus();
  }, [shown]);

  const create = async () => {
    setConfirm(null);
    setNote(null);
    const outcome = await callApi(api, routes.createScimToken);
    if (outcome.ok) setShown(outcome.body.token);
    else if (outcome.code === 'bad_answer' && outcome.status !== null && outcome.status < 300) {
      setNote({ kind: 'error', text: 'The sync server sent no token. Try again.' });
    } else setNote({ kind: 'error', text: outcome.message });
    info.reload();
  };
  const revoke = async () => {
    setConfirm(null);
    setShown(null);
    const outcome = await callApi(api, routes.revokeScimToken);
    setNote(
      outcome.ok
        ? { kind: 'ok', text: 'SCIM token revoked. Okta can no longer provision users until you create a new one.' }
        : { kind: 'error', text: outcome.message },
    );
    info.reload();
  };
  const copy = async (token: string) => {
    try {
      await navigator.clipboard.writeText(token);
      setNote({ kind: 'ok', text: 'Copied. Paste it into Okta now: it will not be shown again.' });
    } catch {
      setNote({ kind: 'error', text: 'Copying was not allowed here: select the token and copy it by hand.' });
    }
  };

  const exists = info.state.phase === 'ready' && info.state.data.exists;
  const creatorName = (id: string | null) => {
    const user = id ? view.index.users.get(id) : undefined;
    return user ? displayName(user) : 'an owner';
  };
  return (
    <section className="panel adm-panel" aria-labelledby="scim-title">
      <h3 id="scim-title">SCIM provisioning token</h3>
      <p className="muted">
        Okta uses this token to provision users and push groups to Latchkey. Paste it in Okta under the Latchkey app's
        Provisioning → Integration → API Token.
      </p>
      {manage && !manage.allowed ? (
        <p className="notice">{manage.message}</p>
      ) : info.state.phase === 'loading' ? (
        <p className="empty-state" aria-busy="true">
          Checking the SCIM token…
        </p>
      ) : info.state.phase === 'failed' ? (
        <p className="error-text" role="alert">
          {info.state.message}{' '}
          <button type="button" className="link" onClick={info.reload}>
            Try again
          </button>
        </p>
      ) : (
        <p data-testid="scim-token-state">
          {info.state.data.exists
            ? `A token is active, created ${new Date(info.state.data.createdAt).toLocaleString()} by ${creatorName(info.state.data.createdBy)}.`
            : 'No token yet: Okta cannot provision users until you create one.'}
        </p>
      )}
      {shown !== null && (
        <section className="adm-token" aria-labelledby="scim-new-title">
          <p id="scim-new-title">
            <strong>New SCIM token — shown only once.</strong> Copy it into Okta now; Latchkey keeps only a fingerprint
            and cannot show it again.
          </p>
          <div className="adm-row">
            <input
              ref={tokenField}
              readOnly
              value={shown}
              aria-label="New SCIM token"
              className="adm-token-value"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" onClick={() => void copy(shown)}>
              Copy
            </button>
            <button type="button" onClick={() => setShown(null)}>
              Done — hide token
            </button>
          </div>
        </section>
      )}
      <div className="adm-row">
        <button
          type="button"
          className="primary"
          disabled={!manage?.allowed || info.state.phase !== 'ready'}
          onClick={() => (exists ? setConfirm('rotate') : void create())}
        >
          {exists ? 'Rotate token' : 'Create token'}
        </button>
        <button
          type="button"
          className="danger"
          disabled={!manage?.allowed || !exists}
          onClick={() => setConfirm('revoke')}
        >
          Revoke token
        </button>
      </div>
      {note && (
        <p
          className={note.kind === 'error' ? 'error-text' : 'adm-note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
        >
          {note.text}
        </p>
      )}
      {confirm === 'rotate' && (
        <ConfirmDialog
          title="Rotate the SCIM token?"
          body={
            <p>
              The current token stops working at once: Okta's provisioning fails until you paste the new token into
              Okta. The new token is shown once.
            </p>
          }
          confirmLabel="Rotate token"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() => void create()}
        />
      )}
      {confirm === 'revoke' && (
        <ConfirmDialog
          title="Revoke the SCIM token?"
          body={<p>Okta can no longer create, update or deactivate users in Latchkey until you create a new token.</p>}
          confirmLabel="Revoke token"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() => void revoke()}
        />
      )}
    </section>
  );
}
