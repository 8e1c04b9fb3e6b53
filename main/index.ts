import path from 'node:path';
import { app, type BrowserWindow, session, shell } from 'electron';
import { createDispatch } from './ipc/dispatch';
import { registerIpcHandlers, sendIpcEvent } from './ipc/electron-ipc';
import { createIpcHandlers } from './ipc/handlers';
import { buildCsp } from './security/csp';
import { deepLinkScheme, parseDeepLink } from './security/deep-link';
import { createAppInfoService } from './services/app-info';
import { openDesktopServices } from './services/open-desktop-services';
import { appOrigin, registerAppScheme, serveRenderer } from './windows/app-protocol';
import { createMainWindow } from './windows/main-window';

// Composition only: every decision lives in a module with its own tests.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  // Stub for issue "launch": deep links reach the renderer as a typed event; the RBAC check and
  // autofill come with the launch work.
  const handleDeepLink = (raw: string | undefined) => {
    const link = parseDeepLink(raw);
    if (link && mainWindow) sendIpcEvent(mainWindow.webContents, 'launch:requested', { accountId: link.accountId });
  };
  app.setAsDefaultProtocolClient(deepLinkScheme);
  app.on('second-instance', (_event, argv) => {
    handleDeepLink(argv.find((arg) => arg.startsWith(`${deepLinkScheme}://`)));
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handleDeepLink(url);
  });

  // No window may attach a <webview> or open anything, whatever created it (checklist §12–§14).
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(async () => {
    // Our UI asks for no permission (camera, notifications…); refuse them all.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    serveRenderer(path.join(import.meta.dirname, '../renderer'), buildCsp());
    // Sign-in happens in the system browser (RFC 8252 §8.12), never in one of our windows.
    const desktop = await openDesktopServices({
      env: process.env,
      openExternal: (url) => shell.openExternal(url),
      log: (message, context) => console.error(`[main] ${message}`, context),
    });
    desktop?.onEvent((event, payload) => {
      if (mainWindow) sendIpcEvent(mainWindow.webContents, event, payload);
    });
    app.on('will-quit', () => desktop?.close());
    const dispatch = createDispatch(
      createIpcHandlers({ appInfo: createAppInfoService('electron'), desktop }),
      (message, context) => console.error(`[main] ${message}`, context),
    );
    registerIpcHandlers(dispatch, appOrigin);
    mainWindow = createMainWindow(path.join(import.meta.dirname, '../preload'));
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    // Silent sign-in from the keychain; the renderer learns the outcome via session:changed.
    void desktop?.start();
  });

  app.on('window-all-closed', () => app.quit());
}
