import { useLaunchRequest } from '../stores/launch-store';

export function AccountsScreen() {
  const launchAccountId = useLaunchRequest((state) => state.accountId);
  return (
    <main className="screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Accounts</h2>
      {launchAccountId && <p className="notice">Launch requested for account {launchAccountId}.</p>}
      <p className="empty-state">No accounts yet. Shared logins you add, or that are shared with you, appear here.</p>
    </main>
  );
}
