/**
 * The flags of `npm start` (cli/options.ts): its parser, `--help` and the names its messages use.
 * No environment variables: the demo is started by hand, and each part it starts gets its settings
 * as flags from here.
 */
import { helpText, type OptionSpec } from '../../cli/options';

export const START_OPTIONS = {
  data: {
    default: '.latchkey',
    meaning: "folder of the demo's data: the sync server's store (server/), the desktop app's (desktop/)",
  },
  reset: { default: '—', meaning: 'empty the data folder first and start over', boolean: true },
  'no-build': { default: '—', meaning: 'serve out/ as it is, without rebuilding what changed', boolean: true },
  'sim-port': { default: '7100', meaning: 'port of the Okta simulator (0: any free port)' },
  'server-port': { default: '7200', meaning: 'port of the sync server (0: any free port)' },
  'desktop-port': {
    default: '7300',
    meaning: "port of the browser host; fixed, because the app's offline data belongs to its origin",
  },
} as const satisfies Record<string, OptionSpec>;

export function startHelp(): string {
  return helpText({
    usage: ['npm start -- [flags]'],
    about:
      'Starts the whole system on this machine (Okta simulator, sync server, desktop app), building first if a source changed. Ctrl-C stops everything.',
    options: START_OPTIONS,
  });
}
