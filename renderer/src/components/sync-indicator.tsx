import { describeSync, dismissIssue, useSync } from '../stores/sync-store';

/** Online, offline with N pending changes, syncing, or the error — always visible in the header. */
export function SyncIndicator() {
  const state = useSync();
  const shown = describeSync(state);
  return (
    <p className={`sync-indicator sync-${shown.kind}`} aria-live="polite" data-sync-state={shown.kind}>
      <span className="sync-dot" aria-hidden="true" />
      {shown.text}
    </p>
  );
}

const WHAT: Record<string, string> = {
  accounts: 'account',
  credentials: 'credentials of',
  collections: 'collection',
  shares: 'sharing of',
  settings: 'workspace settings',
};

/** Refused and merged changes, each with the server's reason, until the user dismisses them. */
export function SyncIssues() {
  const issues = useSync((state) => state.issues);
  if (issues.length === 0) return null;
  return (
    <section className="sync-issues" aria-label="Changes the server did not take as made">
      <ul>
        {issues.map((issue) => (
          <li key={issue.key} className={`issue issue-${issue.kind}`} role="alert">
            <strong>
              {issue.kind === 'refused' ? 'Change refused' : 'Conflict merged'}:{' '}
              {WHAT[issue.collection] ?? issue.collection}{' '}
              {issue.collection === 'shares' || issue.collection === 'credentials' ? '' : `“${issue.label}”`}
            </strong>
            <span>{issue.message}</span>
            <button type="button" onClick={() => dismissIssue(issue.key)}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
