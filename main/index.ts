import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, Menu, powerMonitor, session, shell, systemPreferences } from 'electron';
import { createClipboardGuard } from '../domain/clipboard-guard';
import { createDispatch } from './ipc/dispatch';
import { registerIpcHandlers, sendIpcEvent } from './ipc/electron-ipc';
import { createIpcHandlers } from './ipc/handlers';
import { openAppLog } from './logging/app-log';
import { logsFolderService } from './logging/logs-folder-service';
import { buildCsp } from './security/csp';
import { deepLinkScheme, parseDeepLink } from './security/deep-link';
import { denyAllPermissions } from './security/session-hardening';
import { createAppInfoService } from './services/app-info';
import { type DesktopRuntime, openDesktopRuntime } from './services/desktop-runtime';
import { electronWindowOpener } from './services/launcher/electron-window';
import { touchIdUserCheck } from './services/lock/os-user-check';
import { followPowerMonitor } from './services/lock/power-lock';
import { scheduleWithTimers } from './services/session/offline-standing';
import { openSettingsStore } from './services/settings/settings-store';
import { appMenuTemplate } from './windows/app-menu';
import { appOrigin, registerAppScheme, serveRenderer } from './windows/app-protocol';
import { createMainWindow, rememberedWindow } from './windows/main-window';
import { handleChildProcessGone, handleOtherRendererGone, handleRenderProcessGone } from './windows/process-gone';

// Composition only: every decision lives in a module with its own tests.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  // userData/logs/latchkey.log, rotated at 1 MB × 5 files, every line redacted (main/logging/app-log.ts).
  // A development run prints the same lines to the terminal.
  const log = openAppLog({
    dataDir: app.getPath('userData'),
    ...(app.isPackaged
      ? {}
      : { echo: (level, message, context) => console.error(`[main] ${level} ${message}`, context) }),
  });
  log.info('app started', {
    version: app.getVersion(),
    electron: process.versions.electron,
    platform: process.platform,
  });
  const logsFolder = logsFolderService(log, (folder) => shell.openPath(folder));
  // GPU, network and utility processes are restarted by Chromium; a note in the log says it happened.
  app.on('child-process-gone', (_event, details) => handleChildProcessGone(log)(details));
  // The main window's own handler (below) offers a reload; any other window's is only logged.
  app.on('render-process-gone', (_event, contents, details) => {
    if (contents !== mainWindow?.webContents) handleOtherRendererGone(log)(details);
  });

  // A chiclet's latchkey://launch/:id (main/services/launcher/launch-service.ts). Links that
  // arrive before the services are up (open-url fires early on macOS) wait for them.
  let runtime: DesktopRuntime | undefined;
  let early: string[] = [];
  const handleDeepLink = (raw: string | undefined) => {
    const link = parseDeepLink(raw);
    if (!link || raw === undefined) return;
    if (mainWindow) sendIpcEvent(mainWindow.webContents, 'launch:requested', { accountId: link.accountId });
    if (runtime) void runtime.launcher()?.openDeepLink(raw);
    else early.push(raw);
  };
  // latchkey:// is how Okta chiclets reach the app: links are parsed strictly (security/deep-link.ts)
  // and one without the chiclet page's nonce asks the user before any login.
  app.setAsDefaultProtocolClient(deepLinkScheme); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  app.on('second-instance', (_event, argv) => {
    handleDeepLink(argv.find((arg) => arg.startsWith(`${deepLinkScheme}://`)));
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handleDeepLink(url);
  });

  // Every session, the app's and each login window's partition, grants no permission (checklist §5).
  app.on('session-created', (created) => denyAllPermissions(created));
  // No window may attach a <webview> or open anything, whatever created it (checklist §12–§14).
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(async () => {
    // Our UI asks for no permission (camera, notifications…); refuse them all, and answer every
    // check "not granted" (the default session may exist before session-created is heard).
    denyAllPermissions(session.defaultSession);
    serveRenderer(path.join(import.meta.dirname, '../renderer'), buildCsp());
    // userData/settings.json, overridden by LATCHKEY_* variables in development (main/services/settings/).
    const settings = await openSettingsStore({ folder: app.getPath('userData'), env: process.env, log: log.warn });
    // Sign-in happens in the system browser (RFC 8252 §8.12), never in one of our windows.
    const desktopRuntime = await openDesktopRuntime({
      settings,
      env: process.env,
      // The runtime lets only https (or loopback http) through (main/security/external-url.ts).
      openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
      log: log.error,
      // Touch ID unlocks before Okta is asked, where the Mac has it (untested here: no Electron).
      userCheck: touchIdUserCheck(systemPreferences, process.platform),
      openWindow: electronWindowOpener({ BrowserWindow, log: log.error }),
    });
    runtime = desktopRuntime;
    // Auto-lock: the screen locking, sleep, and the OS idle time (main/services/lock/power-lock.ts),
    // for whichever services the settings have built.
    const stopPower = followPowerMonitor(
      powerMonitor,
      {
        lock: (reason) => desktopRuntime.desktop()?.lock(reason),
        activity: (at) => desktopRuntime.desktop()?.activity(at),
      },
      { now: Date.now, schedule: scheduleWithTimers },
    );
    // Copied secrets leave the clipboard after the renderer's delay, when the session ends, or at quit.
    const clipboardGuard = createClipboardGuard({
      write: (text) => clipboard.writeText(text),
      read: () => clipboard.readText(),
    });
    desktopRuntime.onEvent((event, payload) => {
      if (event === 'session:wipe') void clipboardGuard.flush();
      // A copied secret does not outlive the lock either.
      if (event === 'session:changed' && desktopRuntime.desktop()?.locked()) void clipboardGuard.flush();
      if (mainWindow) sendIpcEvent(mainWindow.webContents, event, payload);
    });
    desktopRuntime.onLaunchStatus((status) => {
      if (mainWindow) sendIpcEvent(mainWindow.webContents, 'launch:status', status);
    });
    app.on('will-quit', () => {
      stopPower();
      void clipboardGuard.flush();
      void desktopRuntime.close();
      void log.close();
    });
    const dispatch = createDispatch(
      createIpcHandlers({
        appInfo: createAppInfoService('electron'),
        // Read at each call: saving new sign-in settings replaces them (desktop-runtime.ts).
        get desktop() {
          return desktopRuntime.desktop();
        },
        get launcher() {
          return desktopRuntime.launcher();
        },
        settings: desktopRuntime.settings,
        clipboard: clipboardGuard,
        logs: logsFolder,
      }),
      log.error,
    );
    registerIpcHandlers(dispatch, appOrigin);
    // Our own menu: Electron's default has Reload and Toggle Developer Tools even when packaged.
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          appName: app.name,
          packaged: app.isPackaged,
          mac: process.platform === 'darwin',
          send: (command) => {
            if (mainWindow) sendIpcEvent(mainWindow.webContents, 'menu:command', { command });
          },
          lock: () => void desktopRuntime.desktop()?.lock('manual'),
          openLogsFolder: () => void logsFolder.open(),
        }),
      ),
    );
    mainWindow = createMainWindow(path.join(import.meta.dirname, '../preload'), rememberedWindow());
    const win = mainWindow;
    // A blank window after its renderer died: log why, then offer Reload or Quit (windows/process-gone.ts).
    win.webContents.on(
      'render-process-gone',
      (_event, details) =>
        void handleRenderProcessGone({
          log,
          askReload: async ({ title, detail }) =>
            (
              await dialog.showMessageBox(win, {
                type: 'error',
                message: title,
                detail,
                buttons: ['Reload', 'Quit'],
                defaultId: 0,
                cancelId: 1,
              })
            ).response === 0,
          reload: () => win.webContents.reload(),
          quit: () => app.quit(),
        })(details),
    );
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    // Silent sign-in from the keychain; the renderer learns the outcome via session:changed.
    void desktopRuntime.start().then(() => {
      // First launch by a chiclet (Windows/Linux pass the link in argv), or links that came early.
      const pending = [...early, ...process.argv.filter((arg) => arg.startsWith(`${deepLinkScheme}://`))];
      early = [];
      for (const raw of pending) handleDeepLink(raw);
    });
  });

  app.on('window-all-closed', () => app.quit());
}
