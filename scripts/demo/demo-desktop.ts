/**
 * The desktop app of the demo as a browser host in this process: the built renderer served on
 * loopback, the desktop services configured for the demo's simulator and sync server, the
 * launcher driving its own Chromium for logins, and the loopback link forwarder that stands in
 * for the OS's `latchkey://` dispatch (main/services/launcher/link-forwarder.ts).
 */
import { type BrowserHost, startBrowserHost } from '../../main/browser-host/start-browser-host';
import { createAppInfoService } from '../../main/services/app-info';
import { openDesktopRuntime } from '../../main/services/desktop-runtime';
import type { DesktopServices } from '../../main/services/desktop-services';
import { cdpOpenerFromEnv, type OpenAutofillWindow } from '../../main/services/launcher/cdp-driver';
import type { Launcher, LauncherDeps } from '../../main/services/launcher/launch-service';
import { type LinkForwarder, startLinkForwarder } from '../../main/services/launcher/link-forwarder';
import type { SecretStore } from '../../main/services/secret-store/secret-store';
import { openInSystemBrowser } from '../../main/services/session/os-browser';
import type { OpenExternal } from '../../main/services/session/sign-in-flow';
import { openSettingsStore } from '../../main/services/settings/settings-store';

export interface DemoDesktopOptions {
  /** `Demo.desktopEnv`: issuer, client id, audience, sync server. */
  env: Record<string, string>;
  dataDir: string;
  rendererDir: string;
  /** The "system browser" for sign-in (tests hand in a Playwright page opener). */
  openExternal?: OpenExternal;
  secretStore?: SecretStore;
  /** The login window (default: Chromium over CDP, headed when there is a display). */
  openWindow?: OpenAutofillWindow;
  log?: (message: string, context: Record<string, unknown>) => void;
  /** Told as each step of a launch ends (bench/launch.ts). */
  timing?: LauncherDeps['timing'];
}

export interface DemoDesktop {
  host: BrowserHost;
  desktop: DesktopServices;
  launcher: Launcher;
  forwarder: LinkForwarder;
  /** What the OS does with a `latchkey://` link: hand it to the running app. */
  openDeepLink(url: string): ReturnType<Launcher['openDeepLink']>;
  close(): Promise<void>;
}

export async function startDemoDesktop(options: DemoDesktopOptions): Promise<DemoDesktop> {
  const log = options.log ?? ((message, context) => console.error(`[desktop] ${message}`, context));
  // The environment overrides the data folder's settings.json, as in `npm start` (desktop-runtime.ts).
  const runtime = await openDesktopRuntime({
    settings: await openSettingsStore({ folder: options.dataDir, env: options.env, log }),
    env: options.env,
    openExternal: options.openExternal ?? openInSystemBrowser,
    log,
    openWindow: options.openWindow ?? cdpOpenerFromEnv({ ...process.env }),
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
    ...(options.timing ? { launchTiming: options.timing } : {}),
  });
  const desktop = runtime.desktop();
  const launcher = runtime.launcher();
  if (!desktop || !launcher) throw new Error('the demo desktop needs sign-in configuration (Demo.desktopEnv)');
  const host = await startBrowserHost({
    port: 0,
    rendererDir: options.rendererDir,
    services: {
      appInfo: createAppInfoService('browser'),
      get desktop() {
        return runtime.desktop();
      },
      get launcher() {
        return runtime.launcher();
      },
      settings: runtime.settings,
    },
  });
  runtime.onEvent((event, payload) => host.emit(event, payload));
  runtime.onLaunchStatus((status) => host.emit('launch:status', status));
  const forwarder = await startLinkForwarder({
    dataDir: options.dataDir,
    open: (url) => void launcher.openDeepLink(url),
  });
  await desktop.start();
  return {
    host,
    desktop,
    launcher,
    forwarder,
    openDeepLink: (url) => launcher.openDeepLink(url),
    async close() {
      await forwarder.close();
      await runtime.close();
      await host.close();
    },
  };
}
