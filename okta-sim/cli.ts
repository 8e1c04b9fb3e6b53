import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startOktaSim } from './index';
import { SimSeed } from './seed';

/**
 * `npm run okta-sim -- [--port 7100] [--api-token T] [--seed FILE] [--scim-url URL --scim-token T]`
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
  },
});

const seedPath = values.seed ?? fileURLToPath(new URL('./seeds/demo.json', import.meta.url));
const seed = SimSeed.parse(JSON.parse(await readFile(seedPath, 'utf8')));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, got ${values.port}`);
if (Boolean(values['scim-url']) !== Boolean(values['scim-token']))
  throw new Error('--scim-url and --scim-token go together');

const sim = await startOktaSim({
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
    '',
  ].join('\n'),
);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
