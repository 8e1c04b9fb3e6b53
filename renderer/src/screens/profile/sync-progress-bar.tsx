import { useApp } from '../app-context';
import { progressView } from './sync-progress';

/** The running Okta sync's progress, live from the replicated settings; nothing when idle. */
export function SyncProgressBar() {
  const { view } = useApp();
  const progress = progressView(view.index.settings.oktaSyncProgress);
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
