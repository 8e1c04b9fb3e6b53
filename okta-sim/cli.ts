import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type OptionValues, type ReadOptions, readOptions, settingName, wantsHelp } from '../cli/options';
import { assertPortFree, listenFailure, parsePort } from '../cli/port-setting';
import { runCli, StartupError } from '../cli/startup-error';
import { DEFAULT_SIM_PORT, OKTA_SIM_OPTIONS, oktaSimHelp } from './cli-options';
import { type OktaSim, startOktaSim } from './index';
import { SimSeed } from './seed';
import { DEFAULT_SERVICE_APP_SCOPES, parseServiceAppArg } from './service-app-arg';

/**
 * `npm run okta-sim -- [flags]` (`--help` lists them, from okta-sim/cli-options.ts): starts the
 * simulated Okta org. Without --seed it loads okta-sim/seeds/demo.json. A failure at start is one
 * line naming the flag to change (cli/startup-error.ts).
 */
await runCli(async (argv) => {
  if (wantsHelp(argv)) {
    console.log(oktaSimHelp());
    return;
  }
  const { values, from } = readOptions(OKTA_SIM_OPTIONS, argv, process.env);
  await start(values, from);
});

type Values = OptionValues<typeof OKTA_SIM_OPTIONS>;
/** Where each value came from: `--seed` or `OKTA_SIM_SEED`. */
type From = ReadOptions<typeof OKTA_SIM_OPTIONS>['from'];
function nameOf(flag: keyof typeof OKTA_SIM_OPTIONS): string {
  return settingName(OKTA_SIM_OPTIONS, flag);
}

async function start(values: Values, from: From): Promise<void> {
  const seedPath = values.seed ?? fileURLToPath(new URL('./seeds/demo.json', import.meta.url));
  const seed = await readSeed(seedPath, from.seed);
  const port = parsePort(nameOf('port'), values.port, DEFAULT_SIM_PORT);
  if (Boolean(values['scim-url']) !== Boolean(values['scim-token']))
    throw new StartupError(
      `${nameOf('scim-url')} and ${nameOf('scim-token')} go together: the SCIM base URL of the sync server and its token.`,
      { code: 'bad_args', exitCode: 2 },
    );
  const portSetting = { flag: '--port', port, host: '127.0.0.1', what: 'the Okta simulator' };
  await assertPortFree(portSetting);

  const scopes = values['service-app-scopes']?.split(/\s+/).filter(Boolean) ?? DEFAULT_SERVICE_APP_SCOPES;
  const serviceApps = await Promise.all(
    (values['service-app'] ?? []).map((arg) =>
      parseServiceAppArg(arg, (file) => readFile(file, 'utf8'), scopes, !values['service-app-without-dpop']).catch(
        (error: unknown) => {
          // Its own refusals already name the flag; a file that cannot be read is named here.
          const why = error instanceof Error ? error.message : String(error);
          throw new StartupError(
            why.startsWith('--service-app') ? why : `--service-app ${arg} cannot be used: ${why}`,
            {
              code: 'bad_service_app',
              exitCode: 2,
              cause: error,
            },
          );
        },
      ),
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
        ? `  API token         (as given with ${from['api-token'] ?? '--api-token'})`
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

/** The seed file, named by --seed (or OKTA_SIM_SEED=) in the message when it cannot be read or is not a seed. */
async function readSeed(file: string, namedBy: string | undefined): Promise<SimSeed> {
  const where =
    namedBy === undefined
      ? `the demo seed ${file}`
      : namedBy.startsWith('--')
        ? `${namedBy} ${file}`
        : `${namedBy}=${file}`;
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
