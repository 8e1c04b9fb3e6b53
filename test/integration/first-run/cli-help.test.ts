/**
 * `--help` and a command line that cannot work, as a newcomer meets them in the three long-running
 * CLIs (sync server, Okta simulator, browser host) and `npm start`: usage with every flag beside its environment
 * variable; an unknown flag, a flag without its value and a bad value each refused in one line
 * that names the flag, its variable and the value, with exit code 2. One process at a time: each
 * test waits only on its own program, however busy the machine.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv, expectOneLine, run } from '../../../dev/stack/cli-process';
import { BROWSER_HOST_OPTIONS } from '../../../main/browser-host/cli-options';
import { OKTA_SIM_OPTIONS } from '../../../okta-sim/cli-options';
import { START_OPTIONS } from '../../../scripts/start/options';
import { SERVER_OPTION_DOCS } from '../../../sync-server/config';

const CLIS = [
  { name: 'server', script: 'sync-server/cli.ts', options: SERVER_OPTION_DOCS, portEnv: 'PORT' },
  { name: 'okta-sim', script: 'okta-sim/cli.ts', options: OKTA_SIM_OPTIONS, portEnv: 'OKTA_SIM_PORT' },
  {
    name: 'browser-host',
    script: 'main/browser-host/cli.ts',
    options: BROWSER_HOST_OPTIONS,
    portEnv: 'LATCHKEY_BROWSER_HOST_PORT',
  },
] as const;

describe.each(CLIS)('npm run $name', ({ name, script, options, portEnv }) => {
  it('--help prints the usage and every flag beside its variable, and starts nothing', async () => {
    // Through tsx, as `npm run` starts it; the refusals below run the bundle (cli-process.ts).
    const { code, stdout } = await run(script, ['--help'], cleanEnv(), 'tsx');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: npm run ${name} -- \\[flags\\]`));
    for (const [flag, spec] of Object.entries(options)) {
      const env = 'env' in spec ? spec.env : undefined;
      expect(stdout).toMatch(new RegExp(`^  --${flag}\\b.*${env ? ` +${env} ` : ''}`, 'm'));
    }
    expect(stdout).toMatch(/^ {2}--help, -h +print this and exit$/m);
    expect(stdout).not.toMatch(/listening/);
  });

  it('an unknown flag is refused by name (exit 2)', async () => {
    const { code, stderr } = await run(script, ['--no-such-flag', 'x']);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toBe("Unknown option '--no-such-flag'; see --help");
  });

  it('a flag without its value names the flag, its variable and what it is for (exit 2)', async () => {
    const { code, stderr } = await run(script, ['--port']);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toBe(`--port (or ${portEnv}) needs a value: ${options.port.meaning}; see --help`);
  });

  it('a bad value from the variable names the flag, the variable and the value (exit 2)', async () => {
    // The server's --issuer is needed before its port is looked at.
    const env = cleanEnv({ [portEnv]: 'seventy', LATCHKEY_ISSUER: 'https://acme.okta.com/oauth2/default' });
    const { code, stderr } = await run(script, [], env);
    expect(code).toBe(2);
    const line = expectOneLine(stderr);
    expect(line).toMatch(new RegExp(`^--port \\(or ${portEnv}\\) (is not valid|must be a port number)`));
    expect(line).toContain('"seventy"');
  });
});

describe('npm run okta-sim', () => {
  it('a switch given a value, or its variable set to neither on nor off, is refused (exit 2)', async () => {
    const withValue = await run('okta-sim/cli.ts', ['--service-app-without-dpop=yes']);
    expect(withValue.code).toBe(2);
    expect(expectOneLine(withValue.stderr)).toBe(
      '--service-app-without-dpop (or OKTA_SIM_SERVICE_APP_WITHOUT_DPOP) is a switch and takes no value; see --help',
    );
    const env = cleanEnv({ OKTA_SIM_SERVICE_APP_WITHOUT_DPOP: 'maybe' });
    const fromEnv = await run('okta-sim/cli.ts', [], env);
    expect(fromEnv.code).toBe(2);
    expect(expectOneLine(fromEnv.stderr)).toBe(
      '--service-app-without-dpop (or OKTA_SIM_SERVICE_APP_WITHOUT_DPOP) is not valid, got "maybe": 1 or true to turn it on, 0 or false to leave it off',
    );
  });

  it('--scim-url without --scim-token names both with their variables', async () => {
    const { code, stderr } = await run('okta-sim/cli.ts', ['--scim-url', 'http://127.0.0.1:7200/scim/v2']);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toBe(
      '--scim-url (or OKTA_SIM_SCIM_URL) and --scim-token (or OKTA_SIM_SCIM_TOKEN) go together: the SCIM base URL of the sync server and its token.',
    );
  });
});

describe('npm start', () => {
  it('--help lists its flags and starts nothing; an unknown flag is refused by name', async () => {
    const help = await run('scripts/start.ts', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm start -- \[flags\]/);
    for (const flag of Object.keys(START_OPTIONS)) expect(help.stdout).toMatch(new RegExp(`^  --${flag} `, 'm'));
    const unknown = await run('scripts/start.ts', ['--demo-port', '7300']);
    expect(unknown.code).toBe(2);
    expect(expectOneLine(unknown.stderr)).toBe("Unknown option '--demo-port'; see --help");
  });
});
