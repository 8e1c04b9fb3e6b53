import type { ElectronBinary } from '../electron-binary';

export type DesktopChoice =
  | { kind: 'electron'; binary: string }
  | { kind: 'chromium-app'; chromium: string }
  | { kind: 'print-url'; reason: string };

export interface DesktopEnvironment {
  electron: ElectronBinary;
  /** `$DISPLAY` or `$WAYLAND_DISPLAY`; undefined on a headless machine. */
  display: string | undefined;
  /** A Chromium executable, or null when none is installed. */
  chromium: string | null;
}

/**
 * How `npm start` shows the app: Electron where its binary can run, else the browser host in
 * Chromium's app mode, else (no display) just the URL to open elsewhere.
 */
export function chooseDesktop(env: DesktopEnvironment): DesktopChoice {
  if (!env.display) return { kind: 'print-url', reason: 'no display ($DISPLAY is not set)' };
  if (env.electron.available) return { kind: 'electron', binary: env.electron.path };
  if (env.chromium) return { kind: 'chromium-app', chromium: env.chromium };
  return { kind: 'print-url', reason: `${env.electron.reason}, and no Chromium was found` };
}
