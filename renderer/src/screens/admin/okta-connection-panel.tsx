import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import { api as routes } from '../../../../domain/wire/api';
import { useApp } from '../app-context';
import { callApi } from '../call-api';
import { connectionText, type OktaStatus } from './okta-status';
import type { ServerData } from './use-server-data';

/**
 * Okta connection status: whether the server's last authenticated call to Okta succeeded (and if
 * not, Okta's answer and what to do), the push queue, the last run's progress. Refresh asks the
 * server to check the connection now (`POST /api/v1/okta/connection/check`, one call to Okta),
 * then reads the status again.
 */
export function OktaConnectionPanel({ status, reload }: { status: ServerData<OktaStatus>; reload: () => void }) {
  const { api, view, me } = useApp();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayCheck = me ? decide(view.index, me.id, 'workspace.checkOktaConnection').allowed : false;
  const configured = status.phase === 'ready' && status.data.configured;

  const refresh = async () => {
    setError(null);
    if (mayCheck && configured) {
      setChecking(true);
      const outcome = await callApi(api, routes.checkOktaConnection);
      setChecking(false);
      if (!outcome.ok) setError(outcome.message);
    }
    reload();
  };
  const connection = status.phase === 'ready' ? status.data.connection : null;

  return (
    <section className="panel adm-panel" aria-labelledby="okta-conn-title">
      <div className="panel-head">
        <h3 id="okta-conn-title">Okta connection</h3>
        <button type="button" onClick={() => void refresh()} disabled={checking}>
          {checking ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      {status.phase === 'loading' ? (
        <p className="empty-state" aria-busy="true">
          Asking the sync server…
        </p>
      ) : status.phase === 'failed' ? (
        <p className="error-text" role="alert">
          {status.message}
        </p>
      ) : (
        <dl className="facts">
          <dt>Status</dt>
          <dd
            data-okta-configured={status.data.configured}
            data-okta-connection={status.data.connection.state}
            className={
              status.data.configured && !['connected', 'checking'].includes(status.data.connection.state)
                ? 'error-text'
                : undefined
            }
          >
            {connectionText(status.data)}
          </dd>
          {connection?.checkedAt && (
            <>
              <dt>Last checked</dt>
              <dd>{new Date(connection.checkedAt).toLocaleString()}</dd>
            </>
          )}
          {connection?.lastRefusal && (
            <>
              <dt>Last refusal from Okta</dt>
              <dd data-testid="okta-last-refusal">
                {`${new Date(connection.lastRefusal.at).toLocaleString()}: ${connection.lastRefusal.message}`}
              </dd>
            </>
          )}
          <dt>Extended account access</dt>
          <dd>{status.data.enabled ? 'On' : 'Off'}</dd>
          <dt>Last sync run</dt>
          <dd>
            {status.data.progress.total === 0
              ? 'None yet'
              : `${status.data.progress.done} of ${status.data.progress.total} accounts${
                  status.data.progress.startedAt
                    ? `, started ${new Date(status.data.progress.startedAt).toLocaleString()}`
                    : ''
                }`}
          </dd>
        </dl>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
