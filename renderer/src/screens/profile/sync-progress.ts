/**
 * The progress of a long Okta sync as a person reads it: `done`/`total` of the run, as
 * `GET /api/v1/okta/status` answers while accounts are queued; null when there is nothing to show.
 */
export interface ProgressView {
  done: number;
  total: number;
  percent: number;
  text: string;
}

export function progressView(progress: { done: number; total: number } | null | undefined): ProgressView | null {
  if (!progress || progress.total <= 0) return null;
  const done = Math.min(progress.done, progress.total);
  const percent = Math.floor((done / progress.total) * 100);
  const noun = progress.total === 1 ? 'account' : 'accounts';
  return {
    done,
    total: progress.total,
    percent,
    text: `${done} of ${progress.total} ${noun} synced with Okta (${percent}%)`,
  };
}

/** What the person's own extended accounts look like in Okta right now. */
export function ownSyncSummary(states: ReadonlyArray<'off' | 'pending' | 'synced' | 'error'>): string {
  const extended = states.filter((s) => s !== 'off');
  if (extended.length === 0) return 'You own no accounts extended to Okta.';
  const count = (state: string) => extended.filter((s) => s === state).length;
  const parts = [`${count('synced')} synced`];
  if (count('pending') > 0) parts.push(`${count('pending')} syncing`);
  if (count('error') > 0) parts.push(`${count('error')} with errors`);
  return `${extended.length} of your accounts ${extended.length === 1 ? 'is' : 'are'} extended to Okta: ${parts.join(', ')}.`;
}
