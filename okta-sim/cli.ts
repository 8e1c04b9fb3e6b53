import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assertPortFree, listenFailure, parsePort } from '../cli/port-setting';
import { runCli, StartupError } from '../cli/startup-error';
import { type OktaSim, startOktaSim } from './index';
import { SimSeed } from './seed';
import { DEFAULT_SERVICE_APP_SCOPES, parseServiceAppArg } from './service-app-arg';

/**
 * `npm run okta-sim -- [--port 7100] [--api-token T] [--seed FILE] [--scim-url URL --scim-token T]
 *   [--service-app CLIENT_ID=PUBLIC_KEY_FILE …] [--service-app-scopes "okta.apps.read okta.apps.manage"]
 *   [--service-app-without-dpop]`
 * Starts the simulated Okta org. Without --seed it loads okta-sim/seeds/demo.json. A failure at
 * start is one line naming the flag to change (cli/startup-error.ts).
 */
await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7100' },
      'api-token': { type: 'string' },
      seed: { type: 'string' },
      audience: { type: 'string' },
      'client-id': { type: 'string' },
      'scim-url': { type: 'string' },
      'scim-token': { type: 'string' },
      'service-app': { type: 'string', multiple: true, default: [] },
      'service-app-scopes': { type: 'string' },
      'service-app-without-dpop': { type: 'boolean', default: false },
    },
  });
  await start(values);
});

type Values = {
  port: string;
  'api-token'?: string | undefined;
  seed?: string | undefined;
  audience?: string | undefined;
  'client-id'?: string | undefined;
  'scim-url'?: string | undefined;
  'scim-token'?: string | undefined;
  'service-app': string[];
  'service-app-scopes'?: string | undefined;
  'service-app-without-dpop': boolean;
};

async function start(values: Values): Promise<void> {
  const seedPath = values.seed ?? fileURLToPath(new URL('./seeds/demo.json', import.meta.url));
  const seed = await readSeed(seedPath, values.seed !== undefined);
  const port = parsePort('--port', values.port, 7100);
  if (Boolean(values['scim-url']) !== Boolean(values['scim-token']))
    throw new StartupError(
      '--scim-url and --scim-token go together: the SCIM base URL of the sync server and its token.',
      {
        code: 'bad_args',
        exitCode: 2,
      },
    );
  const portSetting = { flag: '--port', port, host: '127.0.0.1', what: 'the Okta simulator' };
  await assertPortFree(portSetting);

  const scopes = values['service-app-scopes']?.split(/\s+/).filter(Boolean) ?? DEFAULT_SERVICE_APP_SCOPES;
  const serviceApps = await Promise.all(
    values['service-app'].map((arg) =>
      parseServiceAppArg(arg, (file) => readFile(file, 'utf8'), scopes, !values['service-app-without-dpop']),
    ),
  );

  let sim: OktaSim;
  try {
    sim = await startOktaSim({
      serviceApps,
      port,
      log: true,
      seed,
      ...(values['api-token'] ? { apiToken: values['api-token'] } : {}),
      ...(values.audience ? { audience: values.audience } : {}),
      ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
      ...(values['scim-url'] && values['scim-token']
        ? { scim: { baseUrl: values['scim-url'], token: values['scim-token'] } }
        : {}),
    });
  } catch (error) {
    throw (await listenFailure(error, portSetting)) ?? error;
  }

  // The API token is printed only when it was generated here: the operator needs it to call the API.
  process.stdout.write(
    [
      `Okta simulator listening on ${sim.url}`,
      `  issuer            ${sim.issuer}`,
      `  OIDC client       ${sim.clientId} (audience ${sim.audience})`,
      `  My Apps           ${sim.url}/app/UserHome`,
      `  demo app          ${sim.url}/demo-app/`,
      `  Latchkey app id   ${sim.latchkeyAppId}`,
      values['api-token']
        ? '  API token         (as given with --api-token)'
        : `  API token         SSWS ${sim.apiToken}`,
      ...serviceApps.map(
        (a) =>
          `  service app       ${a.clientId} (private_key_jwt at ${sim.url}/oauth2/v1/token; ${a.requireDpop ? 'DPoP required; ' : ''}${a.scopes.join(' ')})`,
      ),
      '',
    ].join('\n'),
  );

  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** The seed file, named by --seed in the message when it cannot be read or is not a seed. */
async function readSeed(file: string, named: boolean): Promise<SimSeed> {
  const where = named ? `--seed ${file}` : `the demo seed ${file}`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StartupError(
      `${where} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}): give the path of a seed JSON file.`,
      {
        code: 'bad_seed',
        exitCode: 2,
        cause: error,
      },
    );
  }
  try {
    return SimSeed.parse(JSON.parse(text));
  } catch (error) {
    throw new StartupError(
      `${where} is not a simulator seed (${error instanceof SyntaxError ? 'not JSON' : 'unexpected fields'}): see okta-sim/seeds/demo.json for the format.`,
      {
        code: 'bad_seed',
        exitCode: 2,
        cause: error,
      },
    );
  }
}
