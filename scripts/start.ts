import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findElectronBinary } from './electron-binary';
import { buildIfNeeded } from './start/build-if-needed';
import { runChild } from './start/child-process';
import { chooseDesktop } from './start/choose-desktop';
import { startPart } from './start/part';

// `npm start [-- --no-build]`: build if needed, start the parts, open the desktop app; Ctrl-C stops
// everything. Each part is its own CLI started by `startPart` (the sync server and the Okta
// simulator join as two more parts, their URLs passed on in the environment of the next).

type Stop = () => Promise<void>;
const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
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
const electron = findElectronBinary(root);
const desktop = chooseDesktop({
  electron,
  display: process.env.DISPLAY || process.env.WAYLAND_DISPLAY || undefined,
  chromium: chromium ?? null,
});

try {
  if (desktop.kind === 'electron') {
    const app = runChild(desktop.binary, [root]);
    stops.push(app.stop);
    void app.exited.then(() => stopAll(0));
  } else {
    if (!electron.available) console.log(`Electron cannot run here: ${electron.reason}.`);
    const host = await startPart({
      name: 'browser-host',
      command: tsx,
      args: [path.join(root, 'main/browser-host/cli.ts'), '--port', '0', '--renderer', path.join(root, 'out/renderer')],
      ready: /^Latchkey browser host: (\S+)$/,
    });
    stops.push(host.stop);
    void host.exited.then(() => stopAll(1));

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
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
