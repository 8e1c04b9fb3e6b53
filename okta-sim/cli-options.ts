/**
 * The flags of `npm run okta-sim`, each with its environment variable (cli/options.ts): the
 * parser, `--help` and every message about a setting come from this table.
 */
import { helpText, type OptionSpec } from '../cli/options';
import { DESKTOP_CLIENT_ID } from '../domain/desktop-client';
import { DEFAULT_SERVICE_APP_SCOPES } from './service-app-arg';

export const DEFAULT_SIM_PORT = 7100;

export const OKTA_SIM_OPTIONS = {
  port: {
    env: 'OKTA_SIM_PORT',
    default: String(DEFAULT_SIM_PORT),
    meaning: 'TCP port of the simulated org (0: any free port)',
  },
  seed: {
    env: 'OKTA_SIM_SEED',
    default: 'okta-sim/seeds/demo.json',
    meaning: 'JSON file of the users, groups and apps the org starts with',
  },
  'api-token': {
    env: 'OKTA_SIM_API_TOKEN',
    default: '— (random, printed at start)',
    meaning: 'SSWS token of the Management API; prefer the variable, which `ps` does not show',
  },
  audience: { env: 'OKTA_SIM_AUDIENCE', default: 'api://latchkey', meaning: 'audience of the access tokens it mints' },
  'client-id': {
    env: 'OKTA_SIM_CLIENT_ID',
    default: DESKTOP_CLIENT_ID,
    meaning: "OIDC client id of Latchkey's desktop app",
  },
  'scim-url': {
    env: 'OKTA_SIM_SCIM_URL',
    default: '— (no provisioning)',
    meaning:
      'SCIM base URL of the sync server to provision into, e.g. http://127.0.0.1:7200/scim/v2 (with --scim-token)',
  },
  'scim-token': {
    env: 'OKTA_SIM_SCIM_TOKEN',
    default: '—',
    meaning: "the sync server's SCIM token (npm run server -- scim-token rotate), with --scim-url",
  },
  'service-app': {
    default: '—',
    meaning: 'CLIENT_ID=PUBLIC_KEY_FILE: an API service app (private_key_jwt), its public key as JWK, JWK Set or PEM',
    multiple: true,
  },
  'service-app-scopes': {
    env: 'OKTA_SIM_SERVICE_APP_SCOPES',
    default: DEFAULT_SERVICE_APP_SCOPES.join(' '),
    meaning: 'space-separated scopes granted to every --service-app',
  },
  'service-app-without-dpop': {
    env: 'OKTA_SIM_SERVICE_APP_WITHOUT_DPOP',
    default: '— (DPoP required)',
    meaning: 'service apps get plain bearer tokens instead of DPoP-bound ones',
    boolean: true,
  },
} as const satisfies Record<string, OptionSpec>;

export function oktaSimHelp(): string {
  return helpText({
    usage: ['npm run okta-sim -- [flags]            (built: node out/okta-sim/cli.js [flags])'],
    about:
      'Starts a simulated Okta org (OIDC, Management API, SCIM client, My Apps, a demo app) on 127.0.0.1 and prints its addresses.',
    options: OKTA_SIM_OPTIONS,
  });
}
