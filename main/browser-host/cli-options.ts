/**
 * The flags of `npm run browser-host`, each with its environment variable (cli/options.ts): the
 * parser, `--help` and every message about a setting come from this table.
 */
import { helpText, type OptionSpec } from '../../cli/options';

export const DEFAULT_DESKTOP_DATA_DIR = '.latchkey/desktop';

export const BROWSER_HOST_OPTIONS = {
  port: {
    env: 'LATCHKEY_BROWSER_HOST_PORT',
    default: '0',
    meaning: 'TCP port on 127.0.0.1 the app is served on (0: any free port)',
  },
  data: {
    env: 'LATCHKEY_DESKTOP_DATA_DIR',
    default: DEFAULT_DESKTOP_DATA_DIR,
    meaning: "the desktop app's data folder: its local state and the file with the one-time link",
  },
  renderer: {
    env: 'LATCHKEY_RENDERER_DIR',
    default: 'out/renderer',
    meaning: 'the built renderer to serve (npm run build makes it)',
  },
} as const satisfies Record<string, OptionSpec>;

/** Read by the services the browser host runs (main/services/launcher/cdp-driver.ts). */
const ENV_ONLY = [
  {
    env: 'LATCHKEY_AUTOFILL_CHROMIUM',
    default: '— (Debian chromium, or CHROMIUM_PATH)',
    meaning: 'Chromium the launcher opens login pages in',
  },
  {
    env: 'LATCHKEY_AUTOFILL_HEADLESS',
    default: '— (headless only without $DISPLAY)',
    meaning: '1: open login pages without a window',
  },
] as const;

export function browserHostHelp(): string {
  return helpText({
    usage: ['npm run browser-host -- [flags]'],
    about:
      'Serves the built desktop app to any Chromium on 127.0.0.1, for machines where Electron cannot run. Prints its address and the file (mode 0600) holding its one-time link; runs until Ctrl-C.',
    options: BROWSER_HOST_OPTIONS,
    envOnly: ENV_ONLY,
  });
}
