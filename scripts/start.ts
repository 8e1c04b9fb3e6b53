import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureDataFolder } from '../cli/data-folder';
import { readOptions, wantsHelp } from '../cli/options';
import { assertPortFree, parsePort } from '../cli/port-setting';
import { runCli, StartupError } from '../cli/startup-error';
import { launchLinkPath, readLaunchLink } from '../main/browser-host/launch-link-file';
import { currentLinkHandler, LINK_DESKTOP_FILE } from '../main/services/launcher/link-registration';
import { storeFailure } from '../sync-server/startup-failure';
import { lockHolder } from '../sync-server/store/data-folder-lock';
import { demoBanner } from './demo/print-demo';
import { startDemo } from './demo/start-demo';
import { findElectronBinary } from './electron-binary';
import { buildIfNeeded } from './start/build-if-needed';
import { runChild } from './start/child-process';
import { chooseDesktop } from './start/choose-desktop';
import { openAppWindow } from './start/open-app-window';
import { START_OPTIONS, startHelp } from './start/options';
import { startPart } from './start/part';

// `npm start [-- flags]` (`--help` lists them, from ./start/options.ts): build if needed, start
// the parts, open the desktop app; Ctrl-C stops everything. Each part is its own CLI started by
// `startPart` (the sync server and the Okta simulator join as two more parts, their URLs passed on
// in the environment of the next).

type Stop = () => Promise<void>;
const root = path.resolve(import.meta.dirname, '..');
/**
 * The browser host runs as `node --import tsx`, not through the tsx binary: that binary relays a
 * signal to its child and, when the child has not acknowledged it within 30 ms (a busy machine),
 * kills it, so the host's own shutdown (its "stopped" log line, the link file removed) was lost.
 */
const tsxLoader = ['--import', 'tsx'];
const stops: Stop[] = [];
let stopping: Promise<void> | null = null;

function stopParts(): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
  })();
  return stopping;
}
async function stopAll(code: number): Promise<void> {
  await stopParts();
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

// `--no-build` serves out/ as it is (the e2e test uses it, so it never rebuilds under running tests).
// `--reset` empties the data folder (`--data`, default .latchkey/); ports 0 = any free port.
// `--desktop-port` is fixed by default because the browser host's origin owns the IndexedDB replica
// and localStorage (HTML Living Standard, "origin"): a new port each run would be a new origin, so the
// user's offline replica and remembered identity would be gone at every `npm start`.
const DEFAULT_DATA = path.join(root, '.latchkey');

await runCli(async (argv) => {
  if (wantsHelp(argv)) {
    console.log(startHelp());
    return;
  }
  const { values: flags } = readOptions(START_OPTIONS, argv, {});
  // Everything that can be refused is checked before the build (minutes on a first run) and before
  // anything is created, so a refusal costs nothing and leaves nothing behind.
  const dataDir = path.resolve(flags.data ?? DEFAULT_DATA);
  const simPort = parsePort('--sim-port', flags['sim-port'], Number(START_OPTIONS['sim-port'].default));
  const serverPort = parsePort('--server-port', flags['server-port'], Number(START_OPTIONS['server-port'].default));
  const desktopPort = parsePort('--desktop-port', flags['desktop-port'], Number(START_OPTIONS['desktop-port'].default));
  const serverDir = path.join(dataDir, 'server');
  const running = await lockHolder(serverDir);
  if (running) {
    throw new StartupError(
      `The data folder ${dataDir} (--data) is in use by the Latchkey ${running.holder} (pid ${running.pid}, since ${running.startedAt}): stop that process first (Ctrl-C where it runs), or start a second demo with --data DIR and other ports.`,
      { code: 'data_folder_in_use' },
    );
  }
  await assertPortFree({ flag: '--sim-port', port: simPort, host: '127.0.0.1', what: 'the Okta simulator' });
  await assertPortFree({ flag: '--server-port', port: serverPort, host: '127.0.0.1', what: 'the sync server' });
  await assertPortFree({ flag: '--desktop-port', port: desktopPort, host: '127.0.0.1', what: 'the browser host' });
  await ensureDataFolder({
    path: dataDir,
    source: flags.data === undefined ? 'the default; choose another with --data' : '--data',
  });
  if (!flags['no-build']) buildIfNeeded(root);

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
    // The demo organisation: Okta simulator, sync server (PGlite in <data>/server), SCIM, Okta pushes.
    const demo = await startDemo({
      dataDir,
      reset: flags.reset === true,
      simPort,
      serverPort,
      log: (line) => console.log(`[demo] ${line}`),
    }).catch(async (error: unknown) => {
      throw await storeFailure(error, {
        databaseUrl: undefined,
        dataDir: serverDir,
        dataDirSource: 'under --data',
        whenInUse: 'stop that process first, or start a second demo with --data DIR and other ports',
      });
    });
    stops.push(() => demo.close());
    console.log(demoBanner(demo, dataDir));
    // The desktop app (signed out) is configured for the demo's Okta and sync server.
    const desktopEnv: NodeJS.ProcessEnv = { ...process.env, ...demo.desktopEnv };

    if (desktop.kind === 'electron') {
      const app = runChild(desktop.binary, [root], { env: desktopEnv });
      stops.push(app.stop);
      void app.exited.then(() => stopAll(0));
    } else {
      if (!electron.available) console.log(`Electron cannot run here: ${electron.reason}.`);
      const host = await startPart({
        name: 'browser-host',
        command: process.execPath,
        args: [
          ...tsxLoader,
          path.join(root, 'main/browser-host/cli.ts'),
          '--port',
          String(desktopPort),
          '--renderer',
          path.join(root, 'out/renderer'),
          '--data',
          demo.desktopDataDir,
        ],
        env: desktopEnv,
        ready: /^Latchkey browser host: (\S+)/,
      });
      // The host's one-time link is in a file only this user can read; it never goes on a command
      // line or into this output, where other processes could read it.
      const linkFile = launchLinkPath(demo.desktopDataDir);
      stops.push(host.stop);
      void host.exited.then(() => stopAll(1));
      // Electron registers latchkey:// itself; the browser host needs it done once per machine.
      if (process.platform === 'linux' && (await currentLinkHandler()) !== LINK_DESKTOP_FILE) {
        const relative = path.relative(root, demo.desktopDataDir);
        const data = relative && !relative.startsWith('..') ? relative : demo.desktopDataDir;
        console.log(
          `Chiclet clicks reach this app once latchkey:// is registered: npm run register-link -- --data ${data}`,
        );
      }

      if (desktop.kind === 'chromium-app') {
        // The window's profile lives in the data folder (reset with `--reset`): it holds the offline
        // replica (credentials encrypted under the keychain key) and the remembered identity, which an
        // offline-first app must keep between runs. Tokens are never in it: they stay in main's keychain.
        const profile = path.join(demo.desktopDataDir, 'chromium-profile');
        await mkdir(profile, { recursive: true });
        const window = await openAppWindow({
          chromium: desktop.chromium,
          profile,
          origin: new URL(host.url).origin,
          link: await readLaunchLink(linkFile),
        });
        stops.push(window.stop);
        console.log('Latchkey is open in a Chromium app window. Ctrl-C here stops it.');
        void window.exited.then(() => stopAll(0));
      } else {
        console.log(`Open Latchkey: its one-time link is in ${linkFile} (readable only by you; it opens one window).`);
        console.log(`(Not opening a window: ${desktop.reason}.) Ctrl-C stops it.`);
      }
    }
  } catch (error) {
    await stopParts();
    throw error;
  }
});
