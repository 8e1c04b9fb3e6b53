import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startOktaSim } from './index';
import { SimSeed } from './seed';
import { DEFAULT_SERVICE_APP_SCOPES, parseServiceAppArg } from './service-app-arg';

/**
 * `npm run okta-sim -- [--port 7100] [--api-token T] [--seed FILE] [--scim-url URL --scim-token T]
 *   [--service-app CLIENT_ID=PUBLIC_KEY_FILE …] [--service-app-scopes "okta.apps.read okta.apps.manage"]
 *   [--service-app-without-dpop]`
 * Starts the simulated Okta org. Without --seed it loads okta-sim/seeds/demo.json.
 */
const { values } = parseArgs({
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

const seedPath = values.seed ?? fileURLToPath(new URL('./seeds/demo.json', import.meta.url));
const seed = SimSeed.parse(JSON.parse(await readFile(seedPath, 'utf8')));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, got ${values.port}`);
if (Boolean(values['scim-url']) !== Boolean(values['scim-token']))
  throw new Error('--scim-url and --scim-token go together');

const scopes = values['service-app-scopes']?.split(/\s+/).filter(Boolean) ?? DEFAULT_SERVICE_APP_SCOPES;
const serviceApps = await Promise.all(
  values['service-app'].map((arg) =>
    parseServiceAppArg(arg, (file) => readFile(file, 'utf8'), scopes, !values['service-app-without-dpop']),
  ),
);

const sim = await startOktaSim({
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
