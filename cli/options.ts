/**
 * The flags of a command-line entry (sync server, Okta simulator, browser host), defined once as
 * a table: each flag with the environment variable that sets it instead, its default as shown and
 * what it is for. The table gives the parser (a flag wins over its variable), `--help`, and the
 * names configuration errors use, in the style of cli/startup-error.ts:
 *
 *   --issuer (or LATCHKEY_ISSUER) is required: the URL of your Okta authorization server
 */
import { parseArgs } from 'node:util';
import { parseArgsFailure, StartupError, VERBOSE_FLAG } from './startup-error';

export interface OptionSpec {
  /** The environment variable that sets it when the flag is absent; none for flags only. */
  env?: string;
  /** As help and README show it; `—` alone: none; `— (off)`: what being unset means. */
  default: string;
  /** What it is for, as a noun phrase: used in help and in every error about it. */
  meaning: string;
  /** A switch (`--service-app-without-dpop`); its variable is on when `1` or `true`. */
  boolean?: true;
  /** May be given several times (then it has no variable). */
  multiple?: true;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { boolean: true }
  ? boolean
  : S extends { multiple: true }
    ? string[]
    : string;

export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]?: ValueOf<T[K]> };

export interface ReadOptions<T extends OptionTable> {
  values: OptionValues<T>;
  /** Where each value came from, as the user would write it: `--data` or `LATCHKEY_DATA_DIR`. */
  from: { -readonly [K in keyof T]?: string };
}

/** `--help` or `-h` anywhere on the command line. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * The flags as given, each filled from its variable when absent. A command line that cannot be
 * read (an unknown flag, a flag without its value) is a usage error (exit 2) that says so.
 */
export function readOptions<T extends OptionTable>(
  table: T,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ReadOptions<T> {
  const config = Object.fromEntries(
    Object.entries(table).map(([flag, spec]) => [
      flag,
      { type: spec.boolean ? ('boolean' as const) : ('string' as const), multiple: spec.multiple === true },
    ]),
  );
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined> };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: config,
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw (
      parseArgsFailure(error, (flag) => {
        const spec = table[flag];
        return spec ? { name: settingName(table, flag), meaning: spec.meaning } : undefined;
      }) ?? error
    );
  }
  const values: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const [flag, spec] of Object.entries(table)) {
    const given = parsed.values[flag];
    if (given !== undefined) {
      values[flag] = given;
      from[flag] = `--${flag}`;
      continue;
    }
    const variable = spec.env === undefined ? undefined : env[spec.env];
    if (spec.env === undefined || variable === undefined || variable === '') continue;
    if (spec.boolean) {
      if (!/^(1|true|0|false)$/i.test(variable)) {
        throw invalidSetting(table, flag, variable, '1 or true to turn it on, 0 or false to leave it off');
      }
      values[flag] = /^(1|true)$/i.test(variable);
    } else {
      values[flag] = variable;
    }
    from[flag] = spec.env;
  }
  return { values: values as OptionValues<T>, from: from as ReadOptions<T>['from'] };
}

/** `--issuer (or LATCHKEY_ISSUER)`, or `--seed` for a flag without a variable. */
export function settingName(table: OptionTable, flag: string): string {
  const env = table[flag]?.env;
  return env === undefined ? `--${flag}` : `--${flag} (or ${env})`;
}

/**
 * A value that cannot be used: names the setting, shows the value as typed (never pass a secret's)
 * and says what it should be.
 */
export function invalidSetting(table: OptionTable, flag: string, given: string, expected: string): StartupError {
  return new StartupError(`${settingName(table, flag)} is not valid, got "${given}": ${expected}`, {
    code: 'bad_config',
    exitCode: 2,
  });
}

export interface HelpText {
  /** `usage: …` lines, the first without the prefix. */
  usage: readonly string[];
  /** One short paragraph under the usage lines. */
  about?: string;
  options: OptionTable;
  /** Settings only the environment gives (secrets, a URL with a password). */
  envOnly?: readonly { env: string; default: string; meaning: string }[];
}

/** `--help`: usage, then one row a setting: flag, variable, meaning and default. */
export function helpText(help: HelpText): string {
  const rows = [
    ...Object.entries(help.options).map(([flag, spec]) => [
      `--${flag}${spec.boolean ? '' : spec.multiple ? ' …' : ''}`,
      spec.env ?? '',
      spec.default,
      spec.meaning,
    ]),
    ...(help.envOnly ?? []).map((d) => ['', d.env, d.default, d.meaning]),
    [VERBOSE_FLAG, '', '—', 'on a failed start, also print its cause with the stack (or LOG_LEVEL=debug)'],
    ['--help, -h', '', '—', 'print this and exit'],
  ];
  const width = (i: number) => Math.max(...rows.map((row) => row[i]?.length ?? 0));
  const [flagWidth, envWidth] = [width(0), width(1)];
  const hasVariables = rows.some((row) => row[1] !== '');
  return [
    ...help.usage.map((line, i) => `${i === 0 ? 'usage: ' : '       '}${line}`),
    ...(help.about ? ['', help.about] : []),
    '',
    ...(hasVariables ? ['Every flag with a variable can be given by the variable instead; the flag wins.', ''] : []),
    ...rows.map(
      ([flag = '', env = '', dflt = '—', meaning = '']) =>
        `  ${flag.padEnd(flagWidth)}  ${env.padEnd(envWidth)}  ${meaning}${shownDefault(dflt)}`,
    ),
  ].join('\n');
}

/** `—` alone says nothing; `— (off)` reads "(off)"; a value reads "(default: value)". */
function shownDefault(dflt: string): string {
  if (dflt === '—') return '';
  return dflt.startsWith('— (') ? ` ${dflt.slice(2)}` : ` (default: ${dflt})`;
}
