import type { LaunchStatus } from '../../../domain/launch-ipc';
import { useReplica } from '../replica/replica-store';
import { useReplicaDocument } from '../replica/use-workspace';
import { answerLaunch, dismissLaunch, useLaunchRequest } from '../stores/launch-store';

/**
 * Frame-level, so a chiclet click is acknowledged whatever screen (or sign-in) is showing:
 * "Opening Contentzilla – Instagram…", then logged in, or blocked with the reason and whom to ask.
 */
export function LaunchBanner() {
  const status = useLaunchRequest((state) => state.status);
  const accountId = useLaunchRequest((state) => state.accountId);
  // The server names the account only to someone it lets in; a refused user who still sees the
  // account in their replica (Login-only) gets its name from there.
  const collections = useReplica((state) => (state.phase === 'ready' ? state.handle.replica.collections : null));
  const known = useReplicaDocument(collections, 'accounts', accountId) ?? null;
  if (!status) {
    if (!accountId) return null;
    return (
      <p className="notice launch-banner" role="alert" aria-label="Launch">
        Launch requested for account {accountId}.
      </p>
    );
  }
  const finished = status.stage === 'logged-in' || status.stage === 'blocked' || status.stage === 'failed';
  return (
    <section
      className={`notice launch-banner launch-${status.stage}`}
      role={
        status.stage === 'blocked' || status.stage === 'failed' || status.stage === 'needs-confirmation'
          ? 'alert'
          : 'status'
      }
      aria-label="Launch"
      aria-live="polite"
      data-launch-stage={status.stage}
    >
      <div>
        <strong>{headline(status, known)}</strong>
        {status.message && <p>{status.message}</p>}
      </div>
      {status.stage === 'needs-confirmation' && (
        <div className="launch-confirm">
          <button type="button" onClick={() => void answerLaunch(true)}>
            Log in
          </button>
          <button type="button" onClick={() => void answerLaunch(false)}>
            Cancel
          </button>
        </div>
      )}
      {finished && (
        <button type="button" onClick={dismissLaunch}>
          Dismiss
        </button>
      )}
    </section>
  );
}

function headline(status: LaunchStatus, known: { name: string; appName: string } | null): string {
  const name = status.accountName
    ? `${status.accountName} – ${status.appName}`
    : known
      ? `${known.name} – ${known.appName}`
      : 'the account';
  switch (status.stage) {
    case 'started':
    case 'authorizing':
      return 'Checking your access…';
    case 'signing-in':
      return 'Signing you in with Okta…';
    case 'unlocking':
      return 'Latchkey is locked: confirm it is you at Okta to continue…';
    case 'needs-confirmation':
      return `Log in to ${name}?`;
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
