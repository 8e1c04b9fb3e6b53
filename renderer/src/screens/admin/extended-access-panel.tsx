import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import { api as routes } from '../../../../domain/wire/api';
import { ConfirmDialog } from '../../components/dialog';
import { useApp } from '../app-context';
import { type ApiOutcome, callApi } from '../call-api';
import { SyncProgressBar } from '../profile/sync-progress-bar';
import type { OktaStatus } from './okta-status';
import type { ServerData } from './use-server-data';

type Confirm = 'off' | 'removeAll' | null;

/** What either command answers (domain/wire/okta-extension.ts): its message is shown as is. */

/**
 * Extended account access on/off (extended-account-access.md: Admins, Super Admins and Owners),
 * through `PUT /api/v1/workspace/extended-access`, whose answer says what stays in Okta; and
 * "Remove all extended accounts from Okta" (release note's promised feature), which works while
 * the feature is off so an admin can clean Okta up after turning it off.
 */
export function ExtendedAccessPanel({ status, onChanged }: { status: ServerData<OktaStatus>; onChanged: () => void }) {
  const { api, view, me } = useApp();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const enabled = view.index.settings.extendedAccessEnabled;
  const toggle = me ? decide(view.index, me.id, 'workspace.toggleExtendedAccess') : null;
  const removeAll = me ? decide(view.index, me.id, 'workspace.removeAllExtensions') : null;
  const extended = view.accounts.filter((a) => a.extensionState !== 'off').length;

  const run = async (
    call: () => Promise<ApiOutcome<typeof routes.setExtendedAccess | typeof routes.removeAllExtensions>>,
  ) => {
    setConfirm(null);
    setBusy(true);
    setNote({ kind: 'ok', text: 'Asking the sync server…' });
    const outcome = await call();
    setBusy(false);
    setNote(outcome.ok ? { kind: 'ok', text: outcome.body.message } : { kind: 'error', text: outcome.message });
    onChanged();
  };
  const setFeature = (enabled: boolean) => run(() => callApi(api, routes.setExtendedAccess, { body: { enabled } }));

  return (
    <section className="panel adm-panel" aria-labelledby="eaa-title">
      <div className="panel-head">
        <h3 id="eaa-title">Extended account access</h3>
        <button
          type="button"
          role="switch"
          aria-checked={enabled}
          aria-label="Extended account access"
          className={enabled ? 'adm-switch adm-switch-on' : 'adm-switch'}
          disabled={!toggle?.allowed || busy}
          onClick={() => (enabled ? setConfirm('off') : void setFeature(true))}
        >
          {enabled ? 'On' : 'Off'}
        </button>
      </div>
      <p className="muted">
        When on, account owners can extend their accounts to Okta: each becomes an Okta app whose chiclet appears for
        everyone with Owner or Collaborator access, and sharing changes reach Okta as they happen. Only users with a
        SCIM external ID from Okta get chiclets. No password or verification code is ever sent to Okta.
      </p>
      {toggle && !toggle.allowed && <p className="notice">{toggle.message}</p>}
      <SyncProgressBar status={status} />
      <div className="adm-row">
        <button
          type="button"
          className="danger"
          disabled={!removeAll?.allowed || busy}
          onClick={() => setConfirm('removeAll')}
        >
          Remove all extended accounts from Okta
        </button>
        <span className="muted">
          {extended === 0
            ? 'No account you can see is extended to Okta.'
            : `${extended} account${extended === 1 ? '' : 's'} you can see ${extended === 1 ? 'is' : 'are'} extended to Okta.`}
        </span>
      </div>
      {removeAll && !removeAll.allowed && <p className="notice">{removeAll.message}</p>}
      {note && (
        <p
          className={note.kind === 'error' ? 'error-text' : 'adm-note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="eaa-note"
        >
          {note.text}
        </p>
      )}
      {confirm === 'off' && (
        <ConfirmDialog
          title="Turn off Extended account access?"
          body={
            <>
              <p>
                Owners can no longer extend accounts, and Okta stops being updated when sharing changes in Latchkey.
              </p>
              <p>
                The apps Latchkey already created in Okta stay there with their current assignments. People who lose
                access in Latchkey keep the chiclet, but Latchkey still refuses their login from it. To remove them all,
                use “Remove all extended accounts from Okta” — it works while the feature is off.
              </p>
            </>
          }
          confirmLabel="Turn off"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() => void setFeature(false)}
        />
      )}
      {confirm === 'removeAll' && (
        <ConfirmDialog
          title="Remove all extended accounts from Okta?"
          body={
            <p>
              Every account extended to Okta is un-extended for every member: Latchkey deletes its Okta app, and the
              chiclets disappear from everyone's Okta dashboard. The accounts stay in Latchkey and can be extended
              again.
            </p>
          }
          confirmLabel="Remove all from Okta"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() => void run(() => callApi(api, routes.removeAllExtensions))}
        />
      )}
    </section>
  );
}
