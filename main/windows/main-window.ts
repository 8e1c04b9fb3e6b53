import path from 'node:path';
import { app, BrowserWindow, screen } from 'electron';
import { serializeOrigin } from '../security/trusted-url';
import { appOrigin } from './app-protocol';
import { type Area, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type Placement, placeWindow } from './window-state';
import { type WindowStateFile, windowStateFile } from './window-state-file';

/** Where the window's size and position are kept between runs, and the displays to fit them to. */
export interface RememberedWindow {
  readonly file: WindowStateFile;
  displays(): readonly Area[];
}

/** The app's own: userData/window-state.json, fitted to the work areas of the displays now attached. */
export function rememberedWindow(): RememberedWindow {
  return {
    file: windowStateFile(app.getPath('userData')),
    displays: () => screen.getAllDisplays().map((display) => display.workArea),
  };
}

/**
 * The one app window, hardened per the Electron security checklist: context isolation (§3),
 * sandbox (§4), no Node integration (§2), web security on (§5), no navigation away (§13) and no
 * new windows (§14). The preload is a single bundled CommonJS file because sandboxed preloads
 * cannot `require` anything but a few Electron modules.
 */
export function createMainWindow(preloadDir: string, remembered?: RememberedWindow): BrowserWindow {
  const placement: Placement = remembered
    ? placeWindow(remembered.file.load(), remembered.displays())
    : { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Latchkey',
    show: false,
    webPreferences: {
      // The preload exposes only window.latchkey = { invoke, on } over the IPC contract (preload/index.ts).
      preload: path.join(preloadDir, 'index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // Middle-click opens links through a path will-navigate does not see (Electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (remembered) {
    // Normal bounds, not the maximized ones: un-maximizing next time returns to the user's size.
    win.on('close', () => {
      try {
        remembered.file.save({ ...win.getNormalBounds(), maximized: win.isMaximized() });
      } catch (error) {
        // Losing the window's position is not worth stopping the app from closing; say why.
        console.error('[main] could not save the window state', error);
      }
    });
  }
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(`${serializeOrigin(appOrigin)}/index.html`);
  return win;
}
