import { useState } from 'react';
import { effectiveItemRole } from '../../../../domain/access';
import { decide } from '../../../../domain/policy';
import { api as routes } from '../../../../domain/wire/api';
import { hasWorkspaceRole } from '../../../../domain/workspace-index';
import { ConfirmDialog } from '../../components/dialog';
import { workspaceRoleName } from '../access-text';
import { NOT_CONFIGURED } from '../admin/okta-status';
import { useOktaStatus } from '../admin/use-okta-status';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { AllAccessPanel } from './all-access-panel';
import { ownSyncSummary } from './sync-progress';
import { SyncProgressBar } from './sync-progress-bar';

/**
 * My Profile (troubleshooting-extended-account-access.md, "Sync all your extended accounts"):
 * General facts, and Connected Apps and Services → Sync with Okta, which asks the server to push
 * every extended account the person owns again (`POST /api/v1/me/sync-extended`).
 */
export function MyProfileScreen() {
  const { api, view, me, pulled } = useApp();
  const notMember = pulled.has('users')
    ? 'Your user is not in this workspace yet. Ask your IT admin to assign Latchkey to you in Okta.'
    : 'Your profile arrives with the first sync with the server, which has not finished yet.';
  const [open, setOpen] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const okta = useOktaStatus(Boolean(me));

  const mine = me
    ? view.accounts.filter(
        (a) =>
          a.extensionState !== 'off' &&
          effectiveItemRole(view.index, me.id, { type: 'account', id: a.id }).role === 'owner',
      )
    : [];
  const first = mine[0];
  const blocked: string | null =
    me === null
      ? notMember
      : okta.state.phase === 'ready' && !okta.state.data.configured
        ? NOT_CONFIGURED
        : first === undefined
          ? 'You own no accounts extended to Okta, so there is nothing to sync. Extend one from its details page first.'
          : (() => {
              const d = decide(view.index, me.id, 'account.syncNow', { type: 'account', id: first.id });
              return d.allowed ? null : d.message;
            })();

  const sync = async () => {
    setConfirming(false);
    setNote({ kind: 'ok', text: 'Asking the sync server…' });
    const outcome = await callApi(api, routes.syncMyExtended);
    if (!outcome.ok) return setNote({ kind: 'error', text: outcome.message });
    const count = outcome.body.accounts;
    setNote({
      kind: 'ok',
      text: `Sync requested for ${count} account${count === 1 ? '' : 's'}. Their status updates as Okta is brought up to date.`,
    });
  };

  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">My Profile</h2>
      <section className="panel" aria-labelledby="profile-general">
        <h3 id="profile-general">General</h3>
        {me === null ? (
          <p className="notice">{notMember}</p>
        ) : (
          <dl className="facts">
            <dt>Name</dt>
            <dd>{`${me.givenName} ${me.familyName}`.trim() || me.userName}</dd>
            <dt>Email</dt>
            <dd>{me.userName}</dd>
            <dt>Workspace role</dt>
            <dd>{workspaceRoleName(me.role)}</dd>
            {/* External IDs reach admins only (domain/access.ts redactUserFor). */}
            {hasWorkspaceRole(me.role, 'admin') && (
              <>
                <dt>SCIM external ID</dt>
                <dd>{me.externalId ?? 'None — ask your IT admin to provision you to Latchkey from Okta.'}</dd>
              </>
            )}
          </dl>
        )}
      </section>
      <AllAccessPanel />
      <section className="panel" aria-labelledby="profile-connected">
        <button
          type="button"
          className="disclosure"
          id="profile-connected"
          aria-expanded={open}
          aria-controls="profile-connected-body"
          onClick={() => setOpen(!open)}
        >
          Connected Apps and Services
        </button>
        {open && (
          <div id="profile-connected-body" className="adm-stack">
            <div className="panel-head">
              <h4>Okta</h4>
              <button type="button" className="primary" disabled={blocked !== null} onClick={() => setConfirming(true)}>
                Sync with Okta
              </button>
            </div>
            <p className="muted">
              Sends the latest access to every account you own and have extended to Okta again, overwriting changes made
              in Okta. Use it when a chiclet did not update after a sharing change.
            </p>
            {blocked !== null && <p className="notice">{blocked}</p>}
            {mine.length > 0 && (
              <p data-testid="own-sync-summary">{ownSyncSummary(mine.map((a) => a.extensionState))}</p>
            )}
            <SyncProgressBar status={okta.state} />
            {okta.state.phase === 'failed' && (
              <p className="error-text" role="alert">
                Okta status unavailable: {okta.state.message}{' '}
                <button type="button" className="link" onClick={okta.reload}>
                  Try again
                </button>
              </p>
            )}
            {note && (
              <p
                className={note.kind === 'error' ? 'error-text' : 'muted'}
                role={note.kind === 'error' ? 'alert' : 'status'}
              >
                {note.text}
              </p>
            )}
          </div>
        )}
      </section>
      {confirming && (
        <ConfirmDialog
          title="Sync your accounts with Okta manually?"
          body={
            <p>
              Latchkey sends the access of the {mine.length} account{mine.length === 1 ? '' : 's'} you own and have
              extended to Okta again. People who should see a chiclet get it; people who should not lose it. No password
              or verification code is sent to Okta.
            </p>
          }
          confirmLabel="Sync accounts"
          onClose={() => setConfirming(false)}
          onConfirm={() => void sync()}
        />
      )}
    </main>
  );
}
