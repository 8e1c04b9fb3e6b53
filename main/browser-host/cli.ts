import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDataFolder } from '../../cli/data-folder';
import { readOptions, settingName, wantsHelp } from '../../cli/options';
import { assertPortFree, listenFailure, parsePort } from '../../cli/port-setting';
import { runCli, StartupError } from '../../cli/startup-error';
import { openAppLog } from '../logging/app-log';
import { logsFolderService } from '../logging/logs-folder-service';
import { serializeOrigin } from '../security/trusted-url';
import { createAppInfoService } from '../services/app-info';
import { openDesktopRuntime } from '../services/desktop-runtime';
import { cdpOpenerFromEnv } from '../services/launcher/cdp-driver';
import { startLinkForwarder } from '../services/launcher/link-forwarder';
import { openInSystemBrowser } from '../services/session/os-browser';
import { openSettingsStore } from '../services/settings/settings-store';
import { BROWSER_HOST_OPTIONS, browserHostHelp, DEFAULT_DESKTOP_DATA_DIR } from './cli-options';
import { launchLinkPath, removeLaunchLink, writeLaunchLink } from './launch-link-file';
import { type BrowserHost, startBrowserHost } from './start-browser-host';

// `npm run browser-host -- [flags]` (`--help` lists them, from ./cli-options.ts): the renderer in
// any Chromium, for tests and machines where Electron cannot run. Prints its address and the path
// of the file (0600, in the data folder) that holds its one-time link, never the link itself:
// console output and command lines are readable by other processes. Runs until Ctrl-C.
// A failure at start is one line naming the flag to change (cli/startup-error.ts).
await runCli(async (argv) => {
  if (wantsHelp(argv)) {
    console.log(browserHostHelp());
    return;
  }
  const { values, from } = readOptions(BROWSER_HOST_OPTIONS, argv, process.env);
  const port = parsePort(settingName(BROWSER_HOST_OPTIONS, 'port'), values.port, 0);
  const portSetting = { flag: '--port', port, host: '127.0.0.1', what: 'the browser host' };
  await assertPortFree(portSetting);
  const rendererDir = path.resolve(values.renderer ?? BROWSER_HOST_OPTIONS.renderer.default);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new StartupError(
      `${from.renderer ?? 'The default --renderer'} ${rendererDir} holds no built app (index.html): run npm run build first, or point ${settingName(BROWSER_HOST_OPTIONS, 'renderer')} at the built renderer.`,
      { code: 'renderer_missing', exitCode: 2 },
    );
  }
  const dataDir = await ensureDataFolder(
    values.data !== undefined && from.data !== undefined
      ? { path: values.data, source: from.data }
      : { path: DEFAULT_DESKTOP_DATA_DIR, source: 'the default; choose another with --data' },
  );
  await run(port, rendererDir, dataDir, portSetting);
});

async function run(
  port: number,
  rendererDir: string,
  dataDir: string,
  portSetting: Parameters<typeof listenFailure>[1],
): Promise<void> {
  // The same log file as the desktop app's, in the data folder's logs/ (main/logging/app-log.ts);
  // warnings and errors also on stderr as before, redacted the same way.
  const appLog = openAppLog({
    dataDir,
    echo: (level, message, context) => {
      if (level !== 'info') console.error(`[browser-host] ${level} ${message}`, context);
    },
  });
  const log = appLog.error;
  // settings.json in the data folder, as Electron keeps it in its userData (main/services/settings/).
  const settings = await openSettingsStore({ folder: dataDir, env: process.env, log: appLog.warn });
  const runtime = await openDesktopRuntime({
    settings,
    env: process.env,
    openExternal: openInSystemBrowser,
    log,
    openWindow: cdpOpenerFromEnv(process.env),
  });
  const linkFile = launchLinkPath(dataDir);
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      port,
      rendererDir,
      services: {
        appInfo: createAppInfoService('browser'),
        // Read at each call: saving new sign-in settings replaces them (desktop-runtime.ts).
        get desktop() {
          return runtime.desktop();
        },
        get launcher() {
          return runtime.launcher();
        },
        settings: runtime.settings,
        logs: logsFolderService(appLog),
      },
      log,
      // The line comes after the file is gone, so whoever reads it finds no link left behind.
      onLinkUsed: () =>
        void removeLaunchLink(linkFile).then(
          () =>
            console.error(
              '[browser-host] The one-time link was used: that window is the app; the link opens nothing more.',
            ),
          (error: unknown) => log('could not remove the used link file', { error }),
        ),
    });
  } catch (error) {
    await runtime.close();
    await appLog.close();
    throw (await listenFailure(error, portSetting)) ?? error;
  }
  runtime.onEvent((event, payload) => host.emit(event, payload));
  runtime.onLaunchStatus((status) => host.emit('launch:status', status));
  // The OS's latchkey:// handler reaches us through this (main/services/launcher/open-link-cli.ts).
  const forwarder = await startLinkForwarder({
    dataDir,
    open: (url) => void runtime.launcher()?.openDeepLink(url),
  });
  void runtime.start();
  await writeLaunchLink(dataDir, host.url);
  appLog.info('browser host started', { origin: serializeOrigin(host.origin), linkFile });
  console.log(
    `Latchkey browser host: ${serializeOrigin(host.origin)}/ — one-time link is in ${linkFile} (readable only by you)`,
  );

  const stop = async () => {
    await removeLaunchLink(linkFile);
    await forwarder.close();
    await runtime.close();
    appLog.info('browser host stopped');
    await appLog.close();
    host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
