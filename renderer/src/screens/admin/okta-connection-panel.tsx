import { connectionText, type OktaStatus } from './okta-status';
import type { ServerData } from './use-server-data';

/** Okta connection status: configured on the server, the push queue, the last run's progress. */
export function OktaConnectionPanel({ status, reload }: { status: ServerData<OktaStatus>; reload: () => void }) {
  return (
    <section className="panel adm-panel" aria-labelledby="okta-conn-title">
      <div className="panel-head">
        <h3 id="okta-conn-title">Okta connection</h3>
        <button type="button" onClick={reload}>
          Refresh
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
          <dd data-okta-configured={status.data.configured}>{connectionText(status.data)}</dd>
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
    </section>
  );
}
