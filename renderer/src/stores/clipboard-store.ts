import { create } from 'zustand';
import { createClipboardGuard } from '../../../domain/clipboard-guard';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { callService } from '../bridge/call-service';
import { useAppInfo } from './app-info-store';
import { clipboardClearSeconds } from './settings-store';

// What was copied last and when the clipboard is emptied again (UI state: the countdown).
export type CopiedWhat = 'username' | 'password' | 'verification code';

export type ClipboardState =
  | { phase: 'idle' }
  | { phase: 'copied'; what: CopiedWhat; accountName: string; clearsAt: number }
  | { phase: 'failed'; message: string };

export const useClipboard = create<ClipboardState>(() => ({ phase: 'idle' }));

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
  // The Settings screen's clipboard timeout (stored by main), read at each copy: a change applies at once.
  const seconds = clipboardClearSeconds();
  const info = useAppInfo.getState();
  try {
    if (info.status === 'ready' && info.info.host === 'electron') {
      const result = await callService(api, 'clipboard:copy', { text, clearAfterSeconds: seconds });
      if (!result.ok) throw new Error(result.reason);
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
