import { useEffect, useMemo, useState } from 'react';
import { ownerCandidates } from '../../../../domain/orphaned-accounts';
import { api as routes } from '../../../../domain/wire/api';
import type { OrphanedAccountEntry } from '../../../../domain/wire/orphans';
import { displayName } from '../../../../domain/workspace-index';
import { useNavAccess } from '../../stores/nav-access-store';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { formerOwnersText } from './orphan-text';
import { useServerData } from './use-server-data';

/**
 * Orphaned accounts (Admins and above): accounts whose last Owner left the workspace, so nobody
 * can edit or share them. The list comes from the server (an admin's replica need not hold these
 * accounts); "Assign Owner" asks for an active member who may see credentials, then confirms,
 * and the server decides again (`POST /api/v1/accounts/:id/owner`, domain/orphaned-accounts.ts).
 * The new Owner receives the account and its password through replication.
 */
export function OrphanedAccountsScreen() {
  const { state, reload } = useServerData(routes.orphanedAccounts, true);
  const [done, setDone] = useState<string | null>(null);
  const count = state.phase === 'ready' ? state.data.accounts.length : null;
  useEffect(() => {
    if (count !== null) useNavAccess.setState({ orphanedCount: count });
  }, [count]);

  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Orphaned accounts</h2>
      <p className="muted">
        When Okta deprovisions the last Owner of an account, nobody can edit or share it any more. Give each of these
        accounts a new Owner: they will see it, and its password, in their app. Accounts that still have an Owner are
        theirs to share.
      </p>
      {done && (
        <p className="adm-note" role="status" data-testid="orphan-done">
          {done}
        </p>
      )}
      {state.phase === 'loading' && <p className="empty-state">Asking the sync server…</p>}
      {state.phase === 'failed' && (
        <div className="adm-row">
          <p className="error-text" role="alert">
            {state.message}
          </p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {state.phase === 'ready' &&
        (state.data.accounts.length === 0 ? (
          <p className="empty-state">Every account has an Owner.</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" aria-label="Orphaned accounts">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Owned by</th>
                  <th scope="col">New Owner</th>
                </tr>
              </thead>
              <tbody>
                {state.data.accounts.map((entry) => (
                  <OrphanRow
                    key={entry.id}
                    entry={entry}
                    onAssigned={(text) => {
                      setDone(text);
                      reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </main>
  );
}

function OrphanRow({ entry, onAssigned }: { entry: OrphanedAccountEntry; onAssigned: (text: string) => void }) {
  const { api, view } = useApp();
  const candidates = useMemo(() => ownerCandidates(view.index), [view.index]);
  const [step, setStep] = useState<'idle' | 'pick' | 'confirm'>('idle');
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const person = candidates.find((u) => u.id === chosen);
  const personName = person ? displayName(person) : '';

  const assign = async () => {
    if (!person) return;
    setBusy(true);
    setError(null);
    const outcome = await callApi(api, routes.giveOwner, { params: { id: entry.id }, body: { userId: person.id } });
    setBusy(false);
    if (outcome.ok) {
      setStep('idle');
      onAssigned(`${personName} is now the Owner of ${entry.name}.`);
    } else {
      setError(outcome.message);
    }
  };

  return (
    <tr data-account={entry.id}>
      <td>
        <span className="adm-strong">{entry.name}</span>
        <br />
        <span className="muted">{entry.appName}</span>
        {entry.rotationRequired && (
          <>
            <br />
            <span className="adm-status adm-status-deactivated">Needs a new password</span>
          </>
        )}
      </td>
      <td>{formerOwnersText(entry)}</td>
      <td>
        {step === 'idle' && (
          <button
            type="button"
            aria-label={`Assign Owner of ${entry.name}`}
            onClick={() => {
              setStep('pick');
              setError(null);
            }}
          >
            Assign Owner
          </button>
        )}
        {step === 'pick' && (
          // biome-ignore lint/a11y/useSemanticElements: a group of controls inside a table cell, not a form field set.
          <div className="adm-row" role="group" aria-label={`New Owner of ${entry.name}`}>
            <label>
              Member{' '}
              <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
                <option value="">Choose a member…</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {displayName(u)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={person === undefined} onClick={() => setStep('confirm')}>
              Continue
            </button>
            <button type="button" className="link" onClick={() => setStep('idle')}>
              Cancel
            </button>
          </div>
        )}
        {step === 'confirm' && (
          // biome-ignore lint/a11y/useSemanticElements: a group of controls inside a table cell, not a form field set.
          <div role="group" aria-label={`Confirm the new Owner of ${entry.name}`}>
            <p>
              Make {personName} the Owner of {entry.name}? They will see its password and decide who else may use it.
            </p>
            <div className="adm-row">
              <button type="button" disabled={busy} onClick={() => void assign()}>
                Make {personName} Owner
              </button>
              <button type="button" className="link" disabled={busy} onClick={() => setStep('pick')}>
                Back
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
