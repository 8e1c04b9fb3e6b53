import type { LaunchStatus } from '../../../domain/launch-ipc';
import { dismissLaunch, useLaunchRequest } from '../stores/launch-store';

/**
 * Frame-level, so a chiclet click is acknowledged whatever screen (or sign-in) is showing:
 * "Opening Contentzilla – Instagram…", then logged in, or blocked with the reason and whom to ask.
 */
export function LaunchBanner() {
  const status = useLaunchRequest((state) => state.status);
  const accountId = useLaunchRequest((state) => state.accountId);
  if (!status) {
    if (!accountId) return null;
    return (
      <p className="notice" role="alert">
        Launch requested for account {accountId}.
      </p>
    );
  }
  const finished = status.stage === 'logged-in' || status.stage === 'blocked' || status.stage === 'failed';
  return (
    <section
      className={`notice launch-banner launch-${status.stage}`}
      role={status.stage === 'blocked' || status.stage === 'failed' ? 'alert' : 'status'}
      aria-live="polite"
      data-launch-stage={status.stage}
    >
      <strong>{headline(status)}</strong>
      {status.message && <p>{status.message}</p>}
      {finished && (
        <button type="button" onClick={dismissLaunch}>
          Dismiss
        </button>
      )}
    </section>
  );
}

function headline(status: LaunchStatus): string {
  const name = status.accountName ? `${status.accountName} – ${status.appName}` : 'the account';
  switch (status.stage) {
    case 'started':
    case 'authorizing':
      return 'Checking your access…';
    case 'signing-in':
      return 'Signing you in with Okta…';
    case 'needs-credentials':
    case 'filling':
      return `Opening ${name}…`;
    case 'logged-in':
      return `Logged in to ${name}`;
    case 'blocked':
      return `You cannot open ${name}`;
    case 'failed':
      return `Could not log in to ${name}`;
  }
}
