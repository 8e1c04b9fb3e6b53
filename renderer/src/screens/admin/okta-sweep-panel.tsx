import type { OktaStatus } from './okta-status';
import { lastSweepText, scheduleText } from './okta-sweep-text';
import type { ServerData } from './use-server-data';

/**
 * The scheduled drift sweep: every extended account re-read from Okta and changes made there
 * behind Latchkey's back overwritten. Shown with the Okta connection; Refresh there reloads it.
 */
export function OktaSweepPanel({ status }: { status: ServerData<OktaStatus> }) {
  if (status.phase !== 'ready' || !status.data.configured || status.data.sweep === undefined) return null;
  const sweep = status.data.sweep;
  return (
    <section className="panel adm-panel" aria-labelledby="okta-sweep-title">
      <div className="panel-head">
        <h3 id="okta-sweep-title">Okta drift sweep</h3>
      </div>
      <p className="muted">
        Changes made in Okta to extended accounts’ apps (extra people or groups assigned, a label changed, an app
        deactivated) are overwritten: Latchkey’s sharing decides who gets a chiclet.
      </p>
      <dl className="facts">
        <dt>Schedule</dt>
        <dd>{scheduleText(sweep)}</dd>
        <dt>Last sweep</dt>
        <dd data-drift-found={sweep.driftFound} data-drift-fixed={sweep.driftFixed}>
          {lastSweepText(sweep, (iso) => new Date(iso).toLocaleString())}
        </dd>
      </dl>
    </section>
  );
}
