/**
 * The option table every long-running CLI reads its flags through (cli/options.ts): a flag wins
 * over its variable, each value says where it came from, and a command line that cannot be read
 * is refused in words that name the flag and its variable.
 */
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { helpText, type OptionSpec, readOptions } from '../../../cli/options';
import { parseArgsFailure, StartupError } from '../../../cli/startup-error';

const TABLE = {
  port: { env: 'DEMO_PORT', default: '7100', meaning: 'TCP port (0: any free port)' },
  seed: { default: '—', meaning: 'seed file' },
  quiet: { env: 'DEMO_QUIET', default: '— (off)', meaning: 'print less', boolean: true },
  app: { default: '—', meaning: 'an app, CLIENT_ID=FILE', multiple: true },
} as const satisfies Record<string, OptionSpec>;

function refusal(argv: string[], env: Record<string, string> = {}): StartupError {
  try {
    readOptions(TABLE, argv, env);
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('readOptions', () => {
  it('fills a flag from its variable, the flag wins, and each value says where it came from', () => {
    expect(readOptions(TABLE, [], { DEMO_PORT: '7200' })).toEqual({
      values: { port: '7200' },
      from: { port: 'DEMO_PORT' },
    });
    expect(readOptions(TABLE, ['--port', '7300', '--app', 'a=1', '--app', 'b=2'], { DEMO_PORT: '7200' })).toEqual({
      values: { port: '7300', app: ['a=1', 'b=2'] },
      from: { port: '--port', app: '--app' },
    });
    expect(readOptions(TABLE, [], { DEMO_QUIET: 'true' }).values.quiet).toBe(true);
    expect(readOptions(TABLE, [], { DEMO_QUIET: '0' }).values.quiet).toBe(false);
    // An empty variable is unset, as a shell's `DEMO_PORT= cmd` means.
    expect(readOptions(TABLE, [], { DEMO_PORT: '' }).values.port).toBeUndefined();
  });

  it('refuses what it cannot read with exit code 2, naming the flag and its variable', () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['--prot', '1'], {}, "Unknown option '--prot'; see --help"],
      [['7100'], {}, "Unexpected argument '7100'; see --help"],
      [['--port'], {}, '--port (or DEMO_PORT) needs a value: TCP port (0: any free port); see --help'],
      [['--seed'], {}, '--seed needs a value: seed file; see --help'],
      [['--quiet=yes'], {}, '--quiet (or DEMO_QUIET) is a switch and takes no value; see --help'],
      [
        [],
        { DEMO_QUIET: 'loud' },
        '--quiet (or DEMO_QUIET) is not valid, got "loud": 1 or true to turn it on, 0 or false to leave it off',
      ],
    ];
    for (const [argv, env, message] of cases) {
      const error = refusal(argv, env);
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(2);
    }
  });
});

describe('parseArgsFailure', () => {
  it('words the refusals of a subcommand that calls parseArgs itself, with the bare flag', () => {
    const thrown = (() => {
      try {
        parseArgs({ args: ['--data'], options: { data: { type: 'string' } } });
      } catch (error) {
        return error;
      }
    })();
    expect(parseArgsFailure(thrown)?.message).toBe('--data needs a value; see --help');
    expect(parseArgsFailure(new Error('not a parse error'))).toBeNull();
  });
});

describe('helpText', () => {
  it('shows each flag beside its variable, its default, and the settings only the environment gives', () => {
    const help = helpText({
      usage: ['demo -- [flags]'],
      options: TABLE,
      envOnly: [{ env: 'DEMO_SECRET', default: '—', meaning: 'the secret' }],
    });
    expect(help.split('\n')[0]).toBe('usage: demo -- [flags]');
    expect(help).toMatch(/^ {2}--port +DEMO_PORT +TCP port \(0: any free port\) \(default: 7100\)$/m);
    expect(help).toMatch(/^ {2}--seed +seed file$/m);
    expect(help).toMatch(/^ {2}--quiet +DEMO_QUIET +print less \(off\)$/m);
    expect(help).toMatch(/^ {2}--app … +an app, CLIENT_ID=FILE$/m);
    expect(help).toMatch(/^ +DEMO_SECRET +the secret$/m);
  });
});
