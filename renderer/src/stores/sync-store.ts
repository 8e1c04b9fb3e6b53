import { create } from 'zustand';
import type { Connectivity } from '../../../domain/ipc-contract';
import type { SyncIssue } from '../replica/sync-handlers';

// UI state of replication (STYLE §8): what the sync indicator and the issues banner show.
export interface ShownIssue extends SyncIssue {
  key: number;
}

export interface SyncState {
  connectivity: Connectivity;
  syncing: boolean;
  pending: number;
  /** The last failure that is not "offline" (not signed in, not provisioned, bad answer…). */
  error: { code: string; reason: string } | null;
  issues: ShownIssue[];
}

export const useSync = create<SyncState>(() => ({
  connectivity: 'unknown',
  syncing: false,
  pending: 0,
  error: null,
  issues: [],
}));

let nextIssueKey = 1;
const MAX_ISSUES = 20;

/** One notice per item and kind: a newer report about the same item replaces the older one. */
export function reportIssue(issue: SyncIssue): void {
  useSync.setState((state) => ({
    issues: [
      { ...issue, key: nextIssueKey++ },
      ...state.issues.filter(
        (shown) => !(shown.collection === issue.collection && shown.docId === issue.docId && shown.kind === issue.kind),
      ),
    ].slice(0, MAX_ISSUES),
  }));
}

export function dismissIssue(key: number): void {
  useSync.setState((state) => ({ issues: state.issues.filter((issue) => issue.key !== key) }));
}

export type SyncIndicator =
  | { kind: 'syncing'; text: string }
  | { kind: 'online'; text: string }
  | { kind: 'offline'; text: string }
  | { kind: 'error'; text: string };

/** One line for the indicator; an error outranks offline, offline outranks syncing. */
export function describeSync(state: Pick<SyncState, 'connectivity' | 'syncing' | 'pending' | 'error'>): SyncIndicator {
  const pending = state.pending === 0 ? '' : ` — ${state.pending} pending change${state.pending === 1 ? '' : 's'}`;
  if (state.error) return { kind: 'error', text: `Sync error: ${state.error.reason}${pending}` };
  if (state.connectivity === 'offline') return { kind: 'offline', text: `Offline${pending}` };
  if (state.syncing || state.pending > 0) return { kind: 'syncing', text: `Syncing…${pending}` };
  if (state.connectivity === 'online') return { kind: 'online', text: 'Online — all changes synced' };
  return { kind: 'syncing', text: `Connecting…${pending}` };
}
