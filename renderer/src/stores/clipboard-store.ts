import { create } from 'zustand';
import { CLIPBOARD_CLEAR_SECONDS, createClipboardGuard } from '../../../domain/clipboard-guard';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { useAppInfo } from './app-info-store';

// What was copied last and when the clipboard is emptied again (UI state: the countdown).
export type CopiedWhat = 'username' | 'password' | 'verification code';

export type ClipboardState =
  | { phase: 'idle' }
  | { phase: 'copied'; what: CopiedWhat; accountName: string; clearsAt: number }
  | { phase: 'failed'; message: string };

export const useClipboard = create<ClipboardState>(() => ({ phase: 'idle' }));

/**
 * The delay before a copy is taken back, in seconds. A device setting kept in localStorage (it is
 * not a workspace rule, and holds nothing secret); out-of-range or missing values mean the default.
 */
const SETTING_KEY = 'latchkey.clipboardClearSeconds';

export function clipboardClearSeconds(): number {
  const stored = Number(globalThis.localStorage?.getItem(SETTING_KEY) ?? Number.NaN);
  return Number.isInteger(stored) && stored >= CLIPBOARD_CLEAR_SECONDS.min && stored <= CLIPBOARD_CLEAR_SECONDS.max
    ? stored
    : CLIPBOARD_CLEAR_SECONDS.default;
}

export function setClipboardClearSeconds(seconds: number): void {
  localStorage.setItem(SETTING_KEY, String(seconds));
}

// The browser host runs in another process than this page, so the page writes its own clipboard.
const pageClipboard = createClipboardGuard({
  write: (text) => navigator.clipboard.writeText(text),
  read: () => navigator.clipboard.readText(),
});

/** Copies `text` through the host (Electron's main) or the page, and starts the countdown. */
export async function copyToClipboard(
  api: LatchkeyApi,
  text: string,
  what: CopiedWhat,
  accountName: string,
): Promise<void> {
  const seconds = clipboardClearSeconds();
  const info = useAppInfo.getState();
  try {
    if (info.status === 'ready' && info.info.host === 'electron') {
      const result = await api.invoke('clipboard:copy', { text, clearAfterSeconds: seconds });
      if (!result.ok) throw new Error(result.message);
      if (!result.value.ok) throw new Error(result.value.reason);
    } else {
      await pageClipboard.copy(text, seconds);
    }
    useClipboard.setState({ phase: 'copied', what, accountName, clearsAt: Date.now() + seconds * 1000 }, true);
  } catch {
    useClipboard.setState(
      { phase: 'failed', message: `Could not copy the ${what}: the clipboard is not available.` },
      true,
    );
  }
}

/**
 * On sign-out or a wipe: what we copied leaves the clipboard now (if still there), and the notice
 * goes. Electron's main does the same for its copies when it ends the session.
 */
export async function forgetCopies(): Promise<void> {
  useClipboard.setState({ phase: 'idle' }, true);
  await pageClipboard.flush();
}
