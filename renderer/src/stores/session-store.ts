import { create } from 'zustand';
import type { LatchkeyApi, SessionStatus, WipeReason } from '../../../domain/ipc-contract';
import { callService } from '../bridge/call-service';
import { wipeReplica } from '../replica/replica-store';
import { forgetCopies } from './clipboard-store';
import { resetRoute } from './route-store';
import { useSync } from './sync-store';

// Who is signed in, as the host says (never a token: domain/ipc-contract.ts SessionStatus).
export type SessionState =
  | { phase: 'loading' }
  /** `notice`: why the last session ended, shown once this device's local data is gone. */
  | { phase: 'signed-out'; error: string | null; busy: boolean; notice: string | null }
  | { phase: 'signed-in'; status: SessionStatus };

export const useSession = create<SessionState>(() => ({ phase: 'loading' }));

/** What the sign-in screen says after main ended the session and the replica was removed. */
export const WIPE_NOTICES: Record<WipeReason, string> = {
  'signed-out': 'Signed out. Local data was removed from this device.',
  'user-inactive':
    'You were signed out: your Latchkey access was deactivated by your administrator. Local data was removed from this device.',
  'session-ended':
    'You were signed out: Okta no longer accepts your sign-in (it was revoked or expired, or your Okta account was deactivated). Local data was removed from this device.',
};

type SignedOut = Extract<SessionState, { phase: 'signed-out' }>;
const signedOut = (notice: string | null = null): SignedOut => ({
  phase: 'signed-out',
  error: null,
  busy: false,
  notice,
});

function apply(status: SessionStatus): void {
  // While main restores a remembered sign-in (possibly waiting on an unreachable Okta), the window
  // keeps saying "Connecting…": offering "Sign in" then would send a signed-in user to Okta.
  if (!status.signedIn && status.restoring) {
    useSession.setState({ phase: 'loading' });
    return;
  }
  if (status.signedIn) {
    useSession.setState({ phase: 'signed-in', status });
    return;
  }
  const current = useSession.getState();
  useSession.setState(signedOut(current.phase === 'signed-out' ? current.notice : null));
  // Main wiped its side before this renderer was listening (a page opened after the session
  // ended): the replica may still be on disk here.
  if (status.signedOutBecause) void wipeLocalData(status.signedOutBecause);
}

let wiping: Promise<void> | null = null;

/**
 * Removes the replica and every secret the renderer holds, then says why. One wipe at a time:
 * the event, the status and the sign-out answer may all ask for it.
 */
export async function wipeLocalData(reason: WipeReason): Promise<void> {
  wiping ??= (async () => {
    try {
      await wipeReplica();
    } finally {
      useSync.setState({ pending: 0, issues: [], error: null, syncing: false });
      resetRoute();
      await forgetCopies();
    }
  })().finally(() => {
    wiping = null;
  });
  await wiping;
  const current = useSession.getState();
  if (current.phase !== 'signed-in') useSession.setState(signedOut(WIPE_NOTICES[reason]));
}

export function followSession(api: LatchkeyApi): () => void {
  void api.invoke('session:status').then((answer) => {
    if (answer.ok) apply(answer.value);
    else useSession.setState({ ...signedOut(), error: answer.message });
  });
  const stopStatus = api.on('session:changed', apply);
  const stopWipe = api.on('session:wipe', ({ reason }) => void wipeLocalData(reason));
  return () => {
    stopStatus();
    stopWipe();
  };
}

export async function signIn(api: LatchkeyApi): Promise<void> {
  useSession.setState({ ...signedOut(), busy: true });
  const answer = await callService(api, 'session:sign-in');
  if (!answer.ok) {
    useSession.setState({ ...signedOut(), error: answer.reason });
    return;
  }
  apply(answer.value);
}

/** Main ends the session and deletes its keys; this side removes the replica even if its event is late. */
export async function signOut(api: LatchkeyApi): Promise<void> {
  await api.invoke('session:sign-out');
  await wipeLocalData('signed-out');
}
