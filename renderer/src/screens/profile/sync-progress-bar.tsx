import type { OktaStatus } from '../admin/okta-status';
import type { ServerData } from '../admin/use-server-data';
import { progressView } from './sync-progress';

/**
 * The running Okta sync's progress from `GET /api/v1/okta/status` (admin/use-okta-status.ts
 * asks it again every second while a run lasts); nothing when no run is under way.
 */
export function SyncProgressBar({ status }: { status: ServerData<OktaStatus> }) {
  const running = status.phase === 'ready' && status.data.pending > 0;
  const progress = running ? progressView(status.data.progress) : null;
  if (progress === null) return null;
  return (
    <div className="adm-progress">
      <label>
        <span>Syncing with Okta</span>
        <progress max={progress.total} value={progress.done} aria-valuetext={progress.text} />
      </label>
      <span className="muted" role="status">
        {progress.text}
      </span>
    </div>
  );
}
