import { useLaunchRequest } from '../stores/launch-store';

/**
 * Frame-level, so a chiclet click is acknowledged whatever screen (or sign-in) is showing.
 * The launch work replaces the message with the access check and autofill.
 */
export function LaunchBanner() {
  const accountId = useLaunchRequest((state) => state.accountId);
  if (!accountId) return null;
  return (
    <p className="notice" role="alert">
      Launch requested for account {accountId}.
    </p>
  );
}
