import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppInfoService } from '../services/app-info';
import { cdpOpenerFromEnv } from '../services/launcher/cdp-driver';
import { startLinkForwarder } from '../services/launcher/link-forwarder';
import { openLauncher } from '../services/launcher/open-launcher';
import { openDesktopServices } from '../services/open-desktop-services';
import { openInSystemBrowser } from '../services/session/os-browser';
import { startBrowserHost } from './start-browser-host';

// `npm run browser-host -- [--port N]`: the renderer in any Chromium, for tests and machines
// where Electron cannot run. Prints the URL (with its launch token) and runs until Ctrl-C.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: 'out/renderer' },
    data: { type: 'string', default: process.env.LATCHKEY_DESKTOP_DATA_DIR ?? '.latchkey/desktop' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  process.exit(2);
}

const desktop = await openDesktopServices({
  env: process.env,
  openExternal: openInSystemBrowser,
  log: (message, context) => console.error(`[browser-host] ${message}`, context),
});
const log = (message: string, context: Record<string, unknown>) => console.error(`[browser-host] ${message}`, context);
const launcher = openLauncher({ desktop, log, openWindow: cdpOpenerFromEnv(process.env) });
const host = await startBrowserHost({
  port,
  rendererDir: path.resolve(values.renderer),
  services: { appInfo: createAppInfoService('browser'), desktop, launcher },
});
desktop?.onEvent((event, payload) => host.emit(event, payload));
launcher?.onStatus((status) => host.emit('launch:status', status));
// The OS's latchkey:// handler reaches us through this (main/services/launcher/open-link-cli.ts).
const forwarder = launcher
  ? await startLinkForwarder({ dataDir: path.resolve(values.data), open: (url) => void launcher.openDeepLink(url) })
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
