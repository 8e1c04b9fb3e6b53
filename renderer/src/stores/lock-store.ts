import { create } from 'zustand';
import type { LatchkeyApi, LockReason } from '../../../domain/ipc-contract';
import { callService } from '../bridge/call-service';
import { closeReplica } from '../replica/replica-store';
import { dismissLaunch, useLaunchRequest } from './launch-store';
import { resetRoute } from './route-store';
import { setShortcutsHelp } from './shortcut-store';

/**
 * The renderer's side of auto-lock. Main decides and enforces it (main/services/lock/): while the
 * status says `locked`, main refuses the replica key, sync and launches whatever this page does.
 * Here the page closes its replica — RxDB, the key it was opened with and every decrypted value
 * go with it — and shows only the lock screen; after the unlock it opens the replica again from
 * disk and starts on the accounts list.
 */
export const useUnlock = create<{ busy: boolean; error: string | null }>(() => ({ busy: false, error: null }));

export const LOCK_REASONS: Record<LockReason, string> = {
  manual: 'You locked Latchkey.',
  idle: 'Latchkey locked itself after a while without activity.',
  'screen-locked': 'Latchkey locked when your screen locked.',
  suspend: 'Latchkey locked when the computer went to sleep.',
};

/** Called when the status turns locked: nothing readable stays in this page. */
export async function forgetWhileLocked(): Promise<void> {
  useUnlock.setState({ busy: false, error: null });
  setShortcutsHelp(false);
  resetRoute();
  // A launch banner may name an account; a launch waiting for the unlock reports again after it.
  if (useLaunchRequest.getState().status?.stage !== 'unlocking') dismissLaunch();
  await closeReplica();
}

export async function lockNow(api: LatchkeyApi): Promise<void> {
  await api.invoke('session:lock');
}

export async function unlock(api: LatchkeyApi): Promise<void> {
  if (useUnlock.getState().busy) return;
  useUnlock.setState({ busy: true, error: null });
  const answer = await callService(api, 'session:unlock');
  // Success arrives as session:changed (locked: false) too; the screen goes away with it.
  useUnlock.setState({ busy: false, error: answer.ok ? null : answer.reason });
}

/** Activity is reported at most this often: enough for an idle time of minutes. */
const ACTIVITY_EVERY_MS = 5_000;

/**
 * Tells main the user is here (a key, a click, a scroll) so its idle clock starts again. Only a
 * visible page reports: a hidden tab's time counts as idle, as the OS's idle time does in Electron.
 */
export function reportActivity(api: LatchkeyApi, active: () => boolean): () => void {
  let last = 0;
  const onInput = () => {
    if (document.visibilityState !== 'visible' || !active()) return;
    const now = Date.now();
    if (now - last < ACTIVITY_EVERY_MS) return;
    last = now;
    void api.invoke('session:activity');
  };
  const events = ['keydown', 'pointerdown', 'wheel', 'pointermove'] as const;
  for (const event of events) document.addEventListener(event, onInput, { passive: true, capture: true });
  return () => {
    for (const event of events) document.removeEventListener(event, onInput, { capture: true });
  };
}
