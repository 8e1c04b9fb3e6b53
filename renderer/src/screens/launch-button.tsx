import type { Decision } from '../../../domain/policy';
import { decide } from '../../../domain/policy';
import { startLaunch, useLaunchRequest } from '../stores/launch-store';
import { useAccess, useApp } from './app-context';

/** Stages during which a second click would only start a competing launch of the same account. */
const RUNNING = new Set(['started', 'signing-in', 'authorizing', 'needs-credentials', 'filling']);

/**
 * Whether "me" may log in with the account, by the one launch rule (`account.launch`) the server
 * also applies when it authorises the launch; null before the user's record has synced.
 */
export function useLaunchDecision(accountId: string): Decision | null {
  // The list's cards show before the whole workspace is read: the first screen decides for them.
  const { index, me } = useAccess();
  return me ? decide(index, me.id, 'account.launch', { type: 'account', id: accountId }) : null;
}

export function useLaunchRunning(accountId: string): boolean {
  return useLaunchRequest((state) => state.accountId === accountId && RUNNING.has(state.status?.stage ?? 'none'));
}

/**
 * The primary "Log in" of an account: the chiclet's launch, started from the app. In the list an
 * account the user may not launch shows no button (`hideWhenRefused`); on its details page the
 * button stays, disabled, with the policy's reason beside it.
 */
export function LaunchButton({ accountId, accountName, hideWhenRefused = false }: LaunchButtonProps) {
  const { api } = useApp();
  const decision = useLaunchDecision(accountId);
  const running = useLaunchRunning(accountId);
  if (decision === null || (!decision.allowed && hideWhenRefused)) return null;
  const reasonId = `launch-refused-${accountId}`;
  return (
    <>
      <button
        type="button"
        className="primary launch-button"
        aria-label={`Log in to ${accountName}`}
        disabled={!decision.allowed || running}
        aria-describedby={decision.allowed ? undefined : reasonId}
        onClick={() => void startLaunch(api, accountId)}
      >
        {running ? 'Logging in…' : 'Log in'}
      </button>
      {!decision.allowed && (
        <p className="notice" id={reasonId}>
          {decision.message}
        </p>
      )}
    </>
  );
}

interface LaunchButtonProps {
  accountId: string;
  accountName: string;
  hideWhenRefused?: boolean;
}
