/**
 * Every flag of `npm run server` has an environment variable that does the same, and README's
 * table of server settings lists exactly the flags the parser accepts, with the variable,
 * default and meaning the code has (SERVER_OPTION_DOCS in sync-server/config.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readServerSettings,
  SERVER_ARG_OPTIONS,
  SERVER_ENV_ONLY,
  SERVER_OPTION_DOCS,
  serverHelp,
} from '../../../sync-server/config';

const keyFile = join(mkdtempSync(join(tmpdir(), 'latchkey-options-')), 'okta-key.pem');
writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----\n');

/** A valid value for each flag, not its default, so a variable that is not read shows. */
const SAMPLES: Record<keyof typeof SERVER_ARG_OPTIONS, string> = {
  port: '7300',
  host: '0.0.0.0',
  data: '/srv/latchkey',
  issuer: 'https://acme.okta.com/oauth2/custom',
  audience: 'api://acme',
  'public-url': 'https://latchkey.acme.com',
  'client-ids': 'a,b',
  'required-scope': 'latchkey.sync',
  'log-level': 'debug',
  'owner-email': 'it-lead@acme.com',
  'metrics-port': '9464',
  'metrics-host': '10.0.0.5',
  'trust-proxy': '10.0.0.0/8,127.0.0.1',
  'okta-org-url': 'https://acme.okta.com',
  'okta-api-token': 'ssws-token',
  'okta-client-id': '0oaservice',
  'okta-private-key-file': keyFile,
  'okta-key-id': 'kid-1',
  'okta-sweep-interval': '30m',
};

/** What every start needs, given as flags; an Okta service app needs its id and key together. */
function base(flag: keyof typeof SERVER_ARG_OPTIONS): string[] {
  const args = flag === 'issuer' ? [] : ['--issuer', 'https://acme.okta.com/oauth2/default'];
  if (flag.startsWith('okta-') && flag !== 'okta-org-url') args.push('--okta-org-url', 'https://acme.okta.com');
  if (flag === 'okta-client-id') args.push('--okta-private-key-file', keyFile);
  if (flag === 'okta-private-key-file' || flag === 'okta-key-id') args.push('--okta-client-id', '0oaservice');
  if (flag === 'okta-key-id') args.push('--okta-private-key-file', keyFile);
  if (flag === 'okta-org-url' || flag === 'okta-sweep-interval') args.push('--okta-api-token', 'ssws-token');
  return args;
}

describe('server flags and their variables', () => {
  const flags = Object.keys(SERVER_ARG_OPTIONS) as (keyof typeof SERVER_ARG_OPTIONS)[];

  it.each(flags)('--%s and its variable set the same thing, and the flag wins', (flag) => {
    const doc = SERVER_OPTION_DOCS[flag];
    const value = SAMPLES[flag];
    const byFlag = readServerSettings([...base(flag), `--${flag}`, value], {}).config;
    const byEnv = readServerSettings(base(flag), { [doc.env]: value }).config;
    expect(byEnv).toEqual(byFlag);
    // Without either, the setting is at its default, or missing (a start it cannot make).
    let neither: unknown = null;
    try {
      neither = readServerSettings(base(flag), {}).config;
    } catch {
      neither = 'refused';
    }
    expect(byFlag).not.toEqual(neither);
    if (flag !== 'okta-private-key-file') {
      // A flag given beside its variable wins (the key file is read, so both must exist: skipped).
      const both = readServerSettings([...base(flag), `--${flag}`, value], { [doc.env]: `${value}x` }).config;
      expect(both).toEqual(byFlag);
    }
  });
});

describe('npm run server -- --help', () => {
  it('names every flag with its variable, and every environment-only setting', () => {
    const help = serverHelp();
    for (const [flag, doc] of Object.entries(SERVER_OPTION_DOCS)) {
      expect(help).toMatch(new RegExp(`--${flag} +${doc.env} `));
    }
    for (const doc of SERVER_ENV_ONLY) expect(help).toContain(doc.env);
  });
});

describe("README's table of server settings", () => {
  it('lists exactly the accepted flags and the environment-only settings, as the code has them', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- server-settings:start -->');
    const end = readme.indexOf('<!-- server-settings:end -->');
    expect(start, 'README has the server-settings markers').toBeGreaterThan(-1);
    // Cells, not characters: the formatter pads the columns (`npx biome check --write README.md`).
    const cells = (line: string) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim());
    const table = readme
      .slice(start, end)
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
      .map(cells);
    const code = (text: string) => (text.startsWith('—') ? text : `\`${text}\``);
    const expected = [
      ['flag', 'environment variable', 'default', 'meaning'],
      ...Object.entries(SERVER_OPTION_DOCS).map(([flag, d]) => [
        `\`--${flag}\``,
        `\`${d.env}\``,
        code(d.default),
        d.meaning,
      ]),
      ...SERVER_ENV_ONLY.map((d) => ['—', `\`${d.env}\``, code(d.default), d.meaning]),
    ];
    expect(table).toEqual(expected);
  });
});

describe('metrics settings', () => {
  const ISSUER = ['--issuer', 'https://acme.okta.com/oauth2/default'];
  it('are off by default, from --metrics-port or METRICS_PORT otherwise, on loopback unless told', () => {
    expect(readServerSettings(ISSUER, {}).config.metricsPort).toBeUndefined();
    expect(readServerSettings([...ISSUER, '--metrics-port', '9464'], {}).config).toMatchObject({
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
    });
    expect(readServerSettings(ISSUER, { METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).config).toMatchObject({
      metricsPort: 9100,
      metricsHost: '0.0.0.0',
    });
  });

  it('refuse a port that is not a number, naming the flag', () => {
    expect(() => readServerSettings([...ISSUER, '--metrics-port', 'nine'], {})).toThrow(
      /--metrics-port \(or METRICS_PORT\) is not valid .*got "nine"/,
    );
  });
});
