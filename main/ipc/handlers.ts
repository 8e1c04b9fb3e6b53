import type { ClipboardGuard } from '../../domain/clipboard-guard';
import type { AppInfoService } from '../services/app-info';
import { desktopIpcHandlers } from '../services/desktop-ipc-handlers';
import type { SettingsControl } from '../services/desktop-runtime';
import type { DesktopServices } from '../services/desktop-services';
import { launchIpcHandlers } from '../services/launcher/launch-ipc-handlers';
import type { Launcher } from '../services/launcher/launch-service';
import type { IpcHandlers } from './dispatch';
import { refuseWhileLocked } from './lock-guard';

/**
 * The services a host hands to the IPC layer; both hosts build the same set. `desktop` and
 * `launcher` are read at each call: a host may pass getters, since the Settings screen can
 * configure sign-in (or move it to another server) while the app runs (desktop-runtime.ts).
 */
export interface HostServices {
  appInfo: AppInfoService;
  /** Session, keychain and sync proxy; absent when sign-in is not configured (channels then say so). */
  readonly desktop?: DesktopServices | undefined;
  /** Chiclet launches (deep link → authorisation → login window); absent without sign-in. */
  readonly launcher?: Launcher | undefined;
  /** The desktop settings (settings:get, settings:save); absent in hosts built without them (tests). */
  settings?: SettingsControl;
  /** The OS clipboard with auto-clear; only Electron's main has one (the browser host's page copies itself). */
  clipboard?: ClipboardGuard;
  /** The log file's folder, for Help → Open Logs Folder and an error screen's Report. */
  logs?: LogsFolderService;
}

export interface LogsFolderService {
  readonly folder: string;
  /** Shows the folder in the system's file manager; false where the host cannot (the browser host). */
  open(): Promise<boolean>;
  /** Writes a renderer screen's failure report to the log file. */
  screenFailed(screen: string, report: string): void;
}

const NO_LOGS = { ok: false, code: 'unsupported', reason: 'This host keeps no log file.' } as const;

const NO_SETTINGS = { ok: false, code: 'unsupported', reason: 'This host keeps no settings.' } as const;

const NO_CLIPBOARD = {
  ok: false,
  code: 'unsupported',
  reason: 'This host does not write the clipboard: the page copies with the Clipboard API.',
} as const;

export function createIpcHandlers(services: HostServices): IpcHandlers {
  const handlers: IpcHandlers = {
    'app:info': () => services.appInfo.info(),
    ...desktopIpcHandlers(() => services.desktop),
    ...launchIpcHandlers(() => services.launcher),
    'settings:get': () => (services.settings ? { ok: true, value: services.settings.view() } : NO_SETTINGS),
    'settings:save': (input) => services.settings?.save(input) ?? NO_SETTINGS,
    'clipboard:copy': async (input) => {
      if (!services.clipboard) return NO_CLIPBOARD;
      await services.clipboard.copy(input.text, input.clearAfterSeconds);
      return { ok: true, value: { clearAfterSeconds: input.clearAfterSeconds } };
    },
    'logs:open-folder': async () => {
      if (!services.logs) return NO_LOGS;
      return { ok: true, value: { folder: services.logs.folder, opened: await services.logs.open() } };
    },
    'logs:screen-failed': (input) => {
      services.logs?.screenFailed(input.screen, input.report);
      return { logged: services.logs !== undefined };
    },
  };
  return refuseWhileLocked(handlers, () => services.desktop?.locked() ?? false);
}
