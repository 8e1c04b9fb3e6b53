/**
 * The autofill window in Electron: a BrowserWindow on a partition of its own (no cookies or
 * storage shared with the app or other launches), sandboxed, without preload — so the login page
 * has no bridge to Latchkey at all (Electron security checklist §2–§4, §20). The page scripts are
 * the same text the CDP driver runs (page-script.ts), sent with `executeJavaScript`.
 *
 * Only a type is imported from electron: the host passes its BrowserWindow class in, so this
 * module stays loadable (and type-checked) where Electron's binary is absent.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { cancelAllDownloads, denyAllPermissions } from '../../security/session-hardening';
import type { AutofillDriver } from './autofill-engine';
import type { AutofillWindow, OpenAutofillWindow } from './cdp-driver';
import {
  describeFieldsScript,
  FillOutcome,
  fingerprintScript,
  PageDescription,
  setValueScript,
  submitScript,
} from './page-script';

const POLL_MS = 25;

export function electronWindowOpener(deps: {
  BrowserWindow: typeof ElectronBrowserWindow;
  stepTimeoutMs?: number;
  log?: (message: string, context: Record<string, unknown>) => void;
}): OpenAutofillWindow {
  const log = deps.log ?? ((message, context) => console.error(`[autofill] ${message}`, context));
  const stepTimeoutMs = deps.stepTimeoutMs ?? 15_000;
  return async (): Promise<AutofillWindow> => {
    const win = new deps.BrowserWindow({
      width: 1100,
      height: 800,
      webPreferences: {
        // Not `persist:` — the partition lives in memory and disappears with the window.
        partition: `autofill-${randomBytes(8).toString('hex')}`,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webviewTag: false,
      },
    });
    const contents = win.webContents;
    // The login page may not open more windows, hold any permission or download anything.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    denyAllPermissions(contents.session);
    cancelAllDownloads(contents.session, log);
    const run = async <T>(script: string): Promise<T> => {
      const deadline = Date.now() + stepTimeoutMs;
      for (;;) {
        try {
          return (await contents.executeJavaScript(script, true)) as T;
        } catch (error) {
          if (Date.now() > deadline || win.isDestroyed()) throw error;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      }
    };
    const driver: AutofillDriver = {
      async open(url) {
        await win.loadURL(url);
      },
      async describe(selectors) {
        return PageDescription.parse(await run<unknown>(describeFieldsScript(selectors)));
      },
      async fill(ref, value, expectedOrigin) {
        return FillOutcome.parse(await run<unknown>(setValueScript(ref, value, expectedOrigin)));
      },
      async submit(ref, fallbackRef, expectedOrigin) {
        const before = await run<string>(fingerprintScript());
        if ((await run<unknown>(submitScript(ref ?? fallbackRef, expectedOrigin))) !== true) return false;
        const deadline = Date.now() + stepTimeoutMs;
        while (Date.now() < deadline && (await run<string>(fingerprintScript()).catch(() => before)) === before) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        while (contents.isLoading() && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        return true;
      },
      async currentUrl() {
        return contents.getURL();
      },
    };
    return {
      driver,
      async close() {
        if (!win.isDestroyed()) win.close();
      },
    };
  };
}
