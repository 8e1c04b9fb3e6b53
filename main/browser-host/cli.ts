import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataFolder } from '../../cli/data-folder';
import { assertPortFree, listenFailure, parsePort } from '../../cli/port-setting';
import { runCli, StartupError } from '../../cli/startup-error';
import { createAppInfoService } from '../services/app-info';
import { cdpOpenerFromEnv } from '../services/launcher/cdp-driver';
import { startLinkForwarder } from '../services/launcher/link-forwarder';
import { openLauncher } from '../services/launcher/open-launcher';
import { openDesktopServices } from '../services/open-desktop-services';
import { openInSystemBrowser } from '../services/session/os-browser';
import { type BrowserHost, startBrowserHost } from './start-browser-host';

// `npm run browser-host -- [--port N] [--data DIR]`: the renderer in any Chromium, for tests and
// machines where Electron cannot run. Prints the URL (with its launch token) and runs until Ctrl-C.
// A failure at start is one line naming the flag to change (cli/startup-error.ts).
await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      renderer: { type: 'string', default: 'out/renderer' },
      data: { type: 'string' },
    },
  });
  const port = parsePort('--port', values.port, 0);
  const portSetting = { flag: '--port', port, host: '127.0.0.1', what: 'the browser host' };
  await assertPortFree(portSetting);
  const rendererDir = path.resolve(values.renderer);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new StartupError(
      `--renderer ${rendererDir} holds no built app (index.html): run npm run build first, or point --renderer at the built renderer.`,
      { code: 'renderer_missing', exitCode: 2 },
    );
  }
  const dataDir = await ensureDataFolder(
    values.data !== undefined
      ? { path: values.data, source: '--data' }
      : process.env.LATCHKEY_DESKTOP_DATA_DIR
        ? { path: process.env.LATCHKEY_DESKTOP_DATA_DIR, source: 'LATCHKEY_DESKTOP_DATA_DIR' }
        : { path: '.latchkey/desktop', source: 'the default; choose another with --data' },
  );
  await run(port, rendererDir, dataDir, portSetting);
});

async function run(
  port: number,
  rendererDir: string,
  dataDir: string,
  portSetting: Parameters<typeof listenFailure>[1],
): Promise<void> {
  const desktop = await openDesktopServices({
    env: process.env,
    openExternal: openInSystemBrowser,
    log: (message, context) => console.error(`[browser-host] ${message}`, context),
  });
  const log = (message: string, context: Record<string, unknown>) =>
    console.error(`[browser-host] ${message}`, context);
  const launcher = openLauncher({ desktop, log, openWindow: cdpOpenerFromEnv(process.env) });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      port,
      rendererDir,
      services: { appInfo: createAppInfoService('browser'), desktop, launcher },
    });
  } catch (error) {
    desktop?.close();
    await launcher?.close();
    throw (await listenFailure(error, portSetting)) ?? error;
  }
  desktop?.onEvent((event, payload) => host.emit(event, payload));
  launcher?.onStatus((status) => host.emit('launch:status', status));
  // The OS's latchkey:// handler reaches us through this (main/services/launcher/open-link-cli.ts).
  const forwarder = launcher
    ? await startLinkForwarder({ dataDir, open: (url) => void launcher.openDeepLink(url) })
    : undefined;
  void desktop?.start();
  console.log(`Latchkey browser host: ${host.url}`);

  const stop = async () => {
    await forwarder?.close();
    await launcher?.close();
    desktop?.close();
    host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
