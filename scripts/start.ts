import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBrowserHost } from '../main/browser-host/start-browser-host';
import { createAppInfoService } from '../main/services/app-info';
import { findElectronBinary } from './electron-binary';
import { buildIfNeeded } from './start/build-if-needed';
import { runChild } from './start/child-process';
import { chooseDesktop } from './start/choose-desktop';

// `npm start [-- --no-build]`: build if needed, start the parts, open the desktop app; Ctrl-C stops everything.
// Each part returns its stop function; the sync server and the Okta simulator join as parts here.

type Stop = () => Promise<void>;
const root = path.resolve(import.meta.dirname, '..');
const stops: Stop[] = [];
let stopping: Promise<void> | null = null;

function stopAll(code: number): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    process.exit(code);
  })();
  return stopping;
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

// `--no-build` serves out/ as it is (the e2e test uses it, so it never rebuilds under running tests).
if (!process.argv.includes('--no-build')) buildIfNeeded(root);

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate): candidate is string => Boolean(candidate && existsSync(candidate)),
);
const desktop = chooseDesktop({
  electron: findElectronBinary(root),
  display: process.env.DISPLAY || process.env.WAYLAND_DISPLAY || undefined,
  chromium: chromium ?? null,
});

if (desktop.kind === 'electron') {
  const app = runChild(desktop.binary, [root]);
  stops.push(app.stop);
  void app.exited.then(() => stopAll(0));
} else {
  const electron = findElectronBinary(root);
  if (!electron.available) console.log(`Electron cannot run here: ${electron.reason}.`);
  const host = await startBrowserHost({
    port: 0,
    rendererDir: path.join(root, 'out/renderer'),
    services: { appInfo: createAppInfoService('browser') },
  });
  stops.push(host.close);

  if (desktop.kind === 'chromium-app') {
    // A fresh profile per launch: nothing persists between runs, and no other profile sees the token.
    const profile = await mkdtemp(path.join(tmpdir(), 'latchkey-chromium-'));
    stops.push(() => rm(profile, { recursive: true, force: true }));
    const window = runChild(desktop.chromium, [
      `--app=${host.url}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
    ]);
    stops.push(window.stop);
    console.log('Latchkey is open in a Chromium app window. Ctrl-C here stops it.');
    void window.exited.then(() => stopAll(0));
  } else {
    console.log(`Open Latchkey at: ${host.url}`);
    console.log(`(Not opening a window: ${desktop.reason}.) Ctrl-C stops it.`);
  }
}
