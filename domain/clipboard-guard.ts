/**
 * Copying a secret and taking it back off the clipboard, used by both hosts: Electron's main
 * process (its `clipboard` module) and the browser host's renderer (the async Clipboard API).
 * After `clearAfterSeconds` the clipboard is emptied only if it still holds what we put there,
 * so something the user copied since is left alone. A newer copy replaces the pending clear.
 */

export const CLIPBOARD_CLEAR_SECONDS = { default: 30, min: 1, max: 3600 } as const;

export interface ClipboardPort {
  write(text: string): Promise<void> | void;
  /** Throws where reading is not allowed (a browser without the clipboard-read permission). */
  read(): Promise<string> | string;
}

export interface ClipboardTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const globalTimers: ClipboardTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ClipboardGuard {
  copy(text: string, clearAfterSeconds: number): Promise<void>;
  /** Runs the pending clear now (on quit, so the secret does not outlive the app). */
  flush(): Promise<void>;
}

export function createClipboardGuard(port: ClipboardPort, timers: ClipboardTimers = globalTimers): ClipboardGuard {
  let pending: { handle: unknown; text: string } | null = null;
  let last: Promise<void> = Promise.resolve();

  const clearIfOurs = async (text: string) => {
    let current: string;
    try {
      current = await port.read();
    } catch {
      // Unreadable: a secret left behind is worse than losing something copied in the meantime.
      current = text;
    }
    if (current === text) await port.write('');
  };

  const runPending = () => {
    if (!pending) return last;
    const { text } = pending;
    pending = null;
    last = clearIfOurs(text).catch(() => {});
    return last;
  };

  return {
    async copy(text, clearAfterSeconds) {
      if (pending) timers.clear(pending.handle);
      pending = null;
      await port.write(text);
      const seconds = Math.min(Math.max(clearAfterSeconds, CLIPBOARD_CLEAR_SECONDS.min), CLIPBOARD_CLEAR_SECONDS.max);
      pending = { text, handle: timers.set(() => void runPending(), seconds * 1000) };
    },
    flush() {
      if (pending) timers.clear(pending.handle);
      return runPending();
    },
  };
}
