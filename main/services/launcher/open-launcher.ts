/**
 * What a host calls at start-up to get chiclet launches: the launcher over the desktop services
 * (session + sync proxy), with the login window the host can offer. The browser host drives its
 * own Chromium over CDP; Electron passes its BrowserWindow opener (electron-window.ts).
 */
import type { DesktopServices } from '../desktop-services';
import { cdpWindowOpener, type OpenAutofillWindow } from './cdp-driver';
import { createLauncher, type Launcher } from './launch-service';

export interface OpenLauncherOptions {
  desktop: DesktopServices | undefined;
  env: Readonly<Record<string, string | undefined>>;
  log: (message: string, context: Record<string, unknown>) => void;
  /** Electron's window opener; otherwise Chromium over CDP. */
  openWindow?: OpenAutofillWindow;
}

/** `LATCHKEY_AUTOFILL_CHROMIUM` (or `CHROMIUM_PATH`) and `LATCHKEY_AUTOFILL_HEADLESS=1` tune the CDP window. */
export function cdpOpenerFromEnv(env: Readonly<Record<string, string | undefined>>): OpenAutofillWindow {
  const display = env.DISPLAY || env.WAYLAND_DISPLAY;
  return cdpWindowOpener({
    executablePath: env.LATCHKEY_AUTOFILL_CHROMIUM ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: env.LATCHKEY_AUTOFILL_HEADLESS === '1' || !display,
  });
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
    },
    api: (method, path) => desktop.sync.api(method, path),
    openWindow: options.openWindow ?? cdpOpenerFromEnv(options.env),
    log: options.log,
  });
}
