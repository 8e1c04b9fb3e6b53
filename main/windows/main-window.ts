import path from 'node:path';
import { BrowserWindow } from 'electron';
import { serializeOrigin } from '../security/trusted-url';
import { appOrigin } from './app-protocol';

/**
 * The one app window, hardened per the Electron security checklist: context isolation (§3),
 * sandbox (§4), no Node integration (§2), web security on (§5), no navigation away (§13) and no
 * new windows (§14). The preload is a single bundled CommonJS file because sandboxed preloads
 * cannot `require` anything but a few Electron modules.
 */
export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    title: 'Latchkey',
    show: false,
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${serializeOrigin(appOrigin)}/index.html`);
  return win;
}
