/**
 * What a host calls at start-up to get chiclet launches: the launcher over the desktop services
 * (session + sync proxy), with the login window the host can offer. The browser host drives its
 * own Chromium over CDP (cdp-driver.ts); Electron passes its BrowserWindow opener
 * (electron-window.ts), so playwright-core never enters the Electron bundle.
 */
import type { DesktopServices } from '../desktop-services';
import type { OpenAutofillWindow } from './cdp-driver';
import { createLauncher, type Launcher, type LauncherDeps } from './launch-service';

export interface OpenLauncherOptions {
  desktop: DesktopServices | undefined;
  log: (message: string, context: Record<string, unknown>) => void;
  /** Electron's BrowserWindow opener (electron-window.ts) or Chromium over CDP (cdpOpenerFromEnv). */
  openWindow: OpenAutofillWindow;
  /** Told as each step of a launch ends (bench/launch.ts). */
  timing?: LauncherDeps['timing'];
}

export function openLauncher(options: OpenLauncherOptions): Launcher | undefined {
  const desktop = options.desktop;
  if (!desktop) return undefined;
  return createLauncher({
    session: {
      status: () => desktop.session.status(),
      signIn: async () => {
        const result = await desktop.session.signIn();
        return result.ok ? { ok: true } : { ok: false, code: result.code, reason: result.reason };
      },
      locked: () => desktop.locked(),
      unlock: async () => {
        const result = await desktop.unlock();
        return result.ok ? { ok: true } : { ok: false, code: result.code, reason: result.reason };
      },
    },
    api: (method, path, body) => desktop.sync.api(method, path, body),
    launchSecrets: (accountId, launchId) => desktop.sync.launchSecrets(accountId, launchId),
    openWindow: options.openWindow,
    log: options.log,
    ...(options.timing ? { timing: options.timing } : {}),
  });
}
