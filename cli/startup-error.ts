/**
 * What every command-line entry (sync server, SCIM token tool, Okta simulator, browser host,
 * `npm start`) does with a failure at start: one line that says what failed, which setting it
 * came from and what to do; a non-zero exit code; no stack. `--verbose` or `LOG_LEVEL=debug`
 * adds the cause chain with its stacks, for whoever has to dig further.
 *
 *   Style: `--issuer (or LATCHKEY_ISSUER) is required: the URL of your Okta authorization server`
 */

export class StartupError extends Error {
  override name = 'StartupError';
  readonly code: string;
  /** 2 for a command line that cannot work as written (usage), 1 for everything else. */
  readonly exitCode: number;
  constructor(message: string, options: { code: string; exitCode?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
  }
}

export const VERBOSE_FLAG = '--verbose';

export function isVerbose(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  return argv.includes(VERBOSE_FLAG) || env.LOG_LEVEL?.toLowerCase() === 'debug';
}

/**
 * The text printed for a failure. A StartupError's message is written for the user and stands
 * alone; anything else was not foreseen, so it says so and where to look.
 */
export function formatStartupFailure(error: unknown, verbose: boolean): string {
  const first =
    error instanceof StartupError
      ? error.message
      : `Unexpected failure at start: ${error instanceof Error ? error.message : String(error)}`;
  if (!verbose) {
    return error instanceof StartupError ? first : `${first} (run again with ${VERBOSE_FLAG} for details)`;
  }
  const details: string[] = [];
  // A StartupError's own stack adds nothing to its message: start at what caused it.
  let current: unknown = error instanceof StartupError ? error.cause : error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    details.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return [first, ...details.map((d, i) => (i === 0 ? d : `caused by: ${d}`))].join('\n');
}

/**
 * Runs a CLI's `main` with `--verbose` taken out of its arguments (so each parser need not know
 * it) and turns a failure into the one line above and an exit. `process.exit` rather than an exit
 * code: a half-started server may hold sockets or timers that would keep the process alive.
 */
export async function runCli(main: (argv: string[]) => Promise<void>, argv = process.argv.slice(2)): Promise<void> {
  const verbose = isVerbose(argv, process.env);
  try {
    await main(argv.filter((a) => a !== VERBOSE_FLAG));
  } catch (thrown) {
    const error = parseArgsFailure(thrown) ?? thrown;
    console.error(formatStartupFailure(error, verbose));
    process.exit(error instanceof StartupError ? error.exitCode : 1);
  }
}

/**
 * node:util parseArgs's refusals, in the user's words: which flag, what it wants, and where to
 * look. `lookUp` gives a flag's full name (`--port (or PORT)`) and meaning when the CLI has an
 * option table (cli/options.ts); subcommands that call parseArgs themselves get the bare flag.
 */
export function parseArgsFailure(
  error: unknown,
  lookUp: (flag: string) => { name: string; meaning: string } | undefined = () => undefined,
): StartupError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const message = (error as Error).message;
  const usage = (text: string) => new StartupError(`${text}; see --help`, { code: 'usage', exitCode: 2, cause: error });
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return usage(`Unknown option '${unknown[1]}'`);
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (positional) return usage(`Unexpected argument '${positional[1]}'`);
  // "Option '--port <value>' argument missing", "… argument is ambiguous", "… does not take an argument"
  const option = /^Option '(?:-\w, )?--([\w-]+)/.exec(message)?.[1];
  if (option !== undefined) {
    const described = lookUp(option);
    const name = described?.name ?? `--${option}`;
    if (/does not take an argument/.test(message)) return usage(`${name} is a switch and takes no value`);
    const what = described ? `: ${described.meaning}` : '';
    if (/ambiguous/.test(message))
      return usage(`${name} needs a value${what} (one that starts with "-" is written --${option}=VALUE)`);
    return usage(`${name} needs a value${what}`);
  }
  return usage(message.split('\n')[0]?.replace(/\.$/, '') ?? message);
}
