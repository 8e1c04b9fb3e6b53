/**
 * Server configuration from the command line and the environment, validated once at start.
 * Every flag has an environment variable (a flag wins over its variable); `SERVER_OPTION_DOCS`
 * lists them with their defaults and meaning, in the option table every CLI uses (cli/options.ts),
 * and README's table of server settings is checked against it
 * (test/unit/sync-server/config.test.ts).
 */
import { z } from 'zod';
import { helpText, type OptionSpec, readOptions, settingName } from '../cli/options';
import { DESKTOP_CLIENT_ID, DESKTOP_REQUIRED_SCOPE } from '../domain/desktop-client';
import { secureUrl } from '../domain/secure-url';
import { LOG_LEVELS } from './http/logging';
import { DEFAULT_SWEEP_INTERVAL, OKTA_ARG_OPTIONS, OktaServerConfig, oktaConfigFromArgs } from './okta/config';

/** Push batches are at most 500 rows (PUSH_ROWS_MAX); 5 MiB holds them with room to spare. */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export const ServerConfig = z.object({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z.string().min(1).optional(),
  issuer: secureUrl('the issuer'),
  audience: z.string().min(1),
  /** Access tokens are accepted only when minted for one of these OIDC clients (`cid`). */
  clientIds: z.array(z.string().min(1)).min(1).default([DESKTOP_CLIENT_ID]),
  /** …and only when they carry this scope (`scp`). */
  requiredScope: z.string().min(1).default(DESKTOP_REQUIRED_SCOPE),
  publicUrl: z.url().optional(),
  credentialsKey: z.string().min(1).optional(),
  /** A key file kept apart from the data folder (and its backups); else `credentials.key` inside it. */
  credentialsKeyFile: z.string().min(1).optional(),
  bodyLimitBytes: z.number().int().positive().default(BODY_LIMIT_BYTES),
  /** The first Owner: made Owner when Okta provisions them while the workspace has none. */
  ownerEmail: z.email().optional(),
  /** What the server logs (sync-server/http/logging.ts). */
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** Prometheus `/metrics` on this port (sync-server/ops/metrics-server.ts); off when absent. */
  metricsPort: z.number().int().min(0).max(65535).optional(),
  /** Where the metrics port listens: loopback unless the operator opens it to a scraper. */
  metricsHost: z.string().min(1).default('127.0.0.1'),
  /**
   * Load balancers whose `X-Forwarded-For` names the client (addresses or CIDR ranges). Without
   * it the client is the TCP peer, so behind a balancer every person would share one address's
   * rate limit; with it, a forwarded address from anyone else is ignored (no spoofing).
   */
  trustProxy: z.array(z.string().min(1)).optional(),
  /** Extended account access: the Okta org and credentials (sync-server/okta/config.ts). */
  okta: OktaServerConfig.optional(),
});
export type ServerConfig = z.input<typeof ServerConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'bad_config';
}

const DEFAULT_DATA_DIR = './.latchkey/server';

export interface ServerSettings {
  config: z.output<typeof ServerConfig>;
  /** Where the data folder's name came from, for messages about it. */
  dataDirSource: string;
}

/** The data folder and where its name came from: `--data`, then LATCHKEY_DATA_DIR, then the default. */
export function dataDirSetting(data: string | undefined, env: NodeJS.ProcessEnv): { path: string; source: string } {
  if (data !== undefined) return { path: data, source: '--data' };
  if (env.LATCHKEY_DATA_DIR) return { path: env.LATCHKEY_DATA_DIR, source: 'LATCHKEY_DATA_DIR' };
  return { path: DEFAULT_DATA_DIR, source: 'the default; choose another with --data' };
}

export function configFromArgs(argv: string[], env: NodeJS.ProcessEnv): z.output<typeof ServerConfig> {
  return readServerSettings(argv, env).config;
}

/**
 * Throws ConfigError with one line per problem, each naming the flag or variable to set (or the
 * StartupError of a command line that cannot be read: an unknown flag, a flag without a value).
 */
export function readServerSettings(argv: string[], env: NodeJS.ProcessEnv): ServerSettings {
  const { values, from } = readOptions(SERVER_OPTION_DOCS, argv, env);
  const portText = values.port ?? DEFAULT_PORT;
  // The subcommands' own lookup (dataDirSetting) names where the folder came from.
  const dataDir = dataDirSetting(from.data === '--data' ? values.data : undefined, env);
  let okta: OktaServerConfig | undefined;
  try {
    okta = oktaConfigFromArgs(values, env);
  } catch (error) {
    throw new ConfigError(describeOktaProblem(error), { cause: error });
  }
  const raw = {
    port: portText.trim() === '' ? Number.NaN : Number(portText),
    host: values.host ?? DEFAULT_HOST,
    dataDir: dataDir.path,
    databaseUrl: env.DATABASE_URL || undefined,
    issuer: values.issuer,
    audience: values.audience ?? DEFAULT_AUDIENCE,
    clientIds: listSetting(values['client-ids']),
    requiredScope: values['required-scope'],
    publicUrl: values['public-url'],
    credentialsKey: env.LATCHKEY_CREDENTIALS_KEY || undefined,
    credentialsKeyFile: env.LATCHKEY_CREDENTIALS_KEY_FILE || undefined,
    ownerEmail: values['owner-email'],
    logLevel: values['log-level']?.toLowerCase(),
    metricsPort: optionalPort(values['metrics-port']),
    metricsHost: values['metrics-host'],
    trustProxy: listSetting(values['trust-proxy']),
    okta,
  };
  const parsed = ServerConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const setting = SETTINGS[key] ?? { name: key || 'the configuration' };
      const given = issue.path.reduce<unknown>(
        (at, step) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined),
        raw,
      );
      // Secrets (the credentials key) are never echoed back.
      const typed = key === 'port' ? portText : key === 'metricsPort' ? values['metrics-port'] : given;
      const shown = key === 'credentialsKey' || given === undefined ? '' : `, got "${String(typed)}"`;
      const purpose = setting.purpose ? `: ${setting.purpose}` : '';
      return given === undefined
        ? `${setting.name} is required${purpose}`
        : `${setting.name} is not valid (${issue.message}${shown})${purpose}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  return { config: parsed.data, dataDirSource: dataDir.source };
}

/** The flags `npm run server` accepts (no defaults here: a flag's variable applies before its default). */
export const SERVER_ARG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  'public-url': { type: 'string' },
  'client-ids': { type: 'string' },
  'required-scope': { type: 'string' },
  'log-level': { type: 'string' },
  'owner-email': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  'trust-proxy': { type: 'string' },
  ...OKTA_ARG_OPTIONS,
} as const;

/** Every server flag has its variable (README's table has a column for it). */
export type OptionDoc = OptionSpec & { env: string };

export const DEFAULT_PORT = '7200';
export const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_AUDIENCE = 'api://latchkey';

/** Every flag, its variable, default and meaning: README's table comes from here. */
export const SERVER_OPTION_DOCS: Record<keyof typeof SERVER_ARG_OPTIONS, OptionDoc> = {
  port: {
    env: 'PORT',
    default: DEFAULT_PORT,
    meaning: 'TCP port of the API, SCIM and launch pages (0: any free port)',
  },
  host: { env: 'HOST', default: DEFAULT_HOST, meaning: 'address to listen on (0.0.0.0: every interface)' },
  data: {
    env: 'LATCHKEY_DATA_DIR',
    default: './.latchkey/server',
    meaning: 'folder of the embedded PGlite store (unused with DATABASE_URL)',
  },
  issuer: {
    env: 'LATCHKEY_ISSUER',
    default: '— (required)',
    meaning: 'your Okta authorization server, e.g. https://acme.okta.com/oauth2/default',
  },
  audience: {
    env: 'LATCHKEY_AUDIENCE',
    default: DEFAULT_AUDIENCE,
    meaning: "audience of the authorization server's access tokens",
  },
  'public-url': {
    env: 'LATCHKEY_PUBLIC_URL',
    default: '— (the address each request came to)',
    meaning: 'URL Okta and users reach this server at (SCIM locations, launch links)',
  },
  'client-ids': {
    env: 'LATCHKEY_CLIENT_IDS',
    default: DESKTOP_CLIENT_ID,
    meaning: 'comma-separated OIDC client ids whose access tokens are accepted',
  },
  'required-scope': {
    env: 'LATCHKEY_REQUIRED_SCOPE',
    default: DESKTOP_REQUIRED_SCOPE,
    meaning: 'scope every accepted access token carries',
  },
  'log-level': { env: 'LOG_LEVEL', default: 'info', meaning: `log level: ${LOG_LEVELS.join(', ')}` },
  'owner-email': {
    env: 'LATCHKEY_OWNER_EMAIL',
    default: '—',
    meaning: 'e-mail of the first Owner, made when Okta provisions them',
  },
  'metrics-port': { env: 'METRICS_PORT', default: '— (off)', meaning: 'port of the Prometheus /metrics listener' },
  'metrics-host': { env: 'METRICS_HOST', default: '127.0.0.1', meaning: 'address of the /metrics listener' },
  'trust-proxy': {
    env: 'LATCHKEY_TRUST_PROXY',
    default: '— (the TCP peer is the client)',
    meaning: 'comma-separated addresses or CIDRs of load balancers whose X-Forwarded-For names the client',
  },
  'okta-org-url': {
    env: 'LATCHKEY_OKTA_ORG_URL',
    default: '— (Okta not reached)',
    meaning: 'your Okta org for Extended account access, e.g. https://acme.okta.com',
  },
  'okta-api-token': {
    env: 'LATCHKEY_OKTA_API_TOKEN',
    default: '—',
    meaning: 'Okta API token (SSWS); prefer the variable, which `ps` does not show',
  },
  'okta-client-id': {
    env: 'LATCHKEY_OKTA_CLIENT_ID',
    default: '—',
    meaning: 'client id of an Okta service app (private_key_jwt), instead of an API token',
  },
  'okta-private-key-file': {
    env: 'LATCHKEY_OKTA_PRIVATE_KEY_FILE',
    default: '—',
    meaning: "PEM or JWK file of the service app's private key",
  },
  'okta-key-id': {
    env: 'LATCHKEY_OKTA_KEY_ID',
    default: '—',
    meaning: "key id (kid) of the service app's key, when Okta holds several",
  },
  'okta-sweep-interval': {
    env: 'LATCHKEY_OKTA_SWEEP_INTERVAL',
    default: DEFAULT_SWEEP_INTERVAL,
    meaning: 'time between drift sweeps of every extended account, e.g. 30m, 6h, 1d (0 or off: none)',
  },
};

/** Settings only the environment gives (secrets, and a URL that holds a password). */
export const SERVER_ENV_ONLY: readonly { env: string; default: string; meaning: string }[] = [
  {
    env: 'DATABASE_URL',
    default: '— (PGlite in --data)',
    meaning: 'postgres:// URL: PostgreSQL instead of PGlite; several servers may share it',
  },
  { env: 'LATCHKEY_CREDENTIALS_KEY', default: '—', meaning: 'the credentials key itself, base64 of 32 bytes' },
  {
    env: 'LATCHKEY_CREDENTIALS_KEY_FILE',
    default: '— (credentials.key in --data)',
    meaning: 'credentials key file, kept apart from the data folder and its backups',
  },
];

/** `npm run server -- --help`: the subcommands, then every setting from the lists above. */
export function serverHelp(): string {
  return helpText({
    usage: [
      'npm run server -- [flags]            (built: node out/server/cli.js [flags])',
      'npm run server -- scim-token rotate|revoke | roles set|list | credentials-key rotate|status|retire',
      'npm run server -- backup --to FILE | restore --from FILE [--force]    (all take [--data DIR])',
    ],
    about: 'Starts the Latchkey sync server. --issuer (or LATCHKEY_ISSUER) is the one setting without a default.',
    options: SERVER_OPTION_DOCS,
    envOnly: SERVER_ENV_ONLY,
  });
}

/** `--issuer (or LATCHKEY_ISSUER)`: a flag as the messages name it, from the option table below. */
const flagName = (flag: keyof typeof SERVER_ARG_OPTIONS): string => settingName(SERVER_OPTION_DOCS, flag);

/** Where each setting comes from, as a user would type it, and what it is for (the messages' style). */
const SETTINGS: Record<string, { name: string; purpose?: string }> = {
  port: { name: flagName('port') },
  host: { name: flagName('host') },
  dataDir: { name: flagName('data'), purpose: 'the folder of the embedded PGlite store' },
  databaseUrl: { name: 'DATABASE_URL', purpose: 'a postgres:// URL' },
  issuer: {
    name: flagName('issuer'),
    purpose: 'the URL of your Okta authorization server, e.g. https://acme.okta.com/oauth2/default',
  },
  audience: {
    name: flagName('audience'),
    purpose: "the audience of your authorization server's tokens",
  },
  clientIds: {
    name: flagName('client-ids'),
    purpose: 'the comma-separated OIDC client ids of the desktop app, whose access tokens this server accepts',
  },
  requiredScope: {
    name: flagName('required-scope'),
    purpose: 'a scope every desktop access token carries',
  },
  publicUrl: { name: flagName('public-url'), purpose: 'the URL users and Okta reach this server at' },
  credentialsKey: { name: 'LATCHKEY_CREDENTIALS_KEY', purpose: '32 random bytes in base64 (openssl rand -base64 32)' },
  ownerEmail: {
    name: flagName('owner-email'),
    purpose: 'the e-mail of the person who becomes the first Owner when Okta provisions them',
  },
  logLevel: { name: flagName('log-level'), purpose: `one of ${LOG_LEVELS.join(', ')}` },
  metricsPort: {
    name: flagName('metrics-port'),
    purpose: 'the port Prometheus scrapes /metrics on, 0 to 65535 (unset: no metrics port)',
  },
  metricsHost: { name: flagName('metrics-host'), purpose: 'the address the metrics port listens on' },
  credentialsKeyFile: {
    name: 'LATCHKEY_CREDENTIALS_KEY_FILE',
    purpose: 'the path of the credentials key file, kept apart from the data folder',
  },
  okta: { name: 'the Okta connection' },
  'okta.orgUrl': {
    name: flagName('okta-org-url'),
    purpose: 'your Okta org, e.g. https://acme.okta.com',
  },
  'okta.sweepIntervalMs': {
    name: flagName('okta-sweep-interval'),
    purpose: 'time between drift sweeps, e.g. 6h',
  },
};

/** Unset → undefined (off); anything not a whole number → NaN, which the schema reports with the flag's name. */
function optionalPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/** "a, b" → ["a", "b"]; unset or blank → undefined (the default applies). */
function listSetting(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? undefined : items;
}

function describeOktaProblem(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues
      .map((issue) => {
        const key = issue.path.length > 0 ? `okta.${issue.path.join('.')}` : 'okta';
        const setting = SETTINGS[key] ?? { name: 'the Okta connection' };
        return `${setting.name} is not valid: ${issue.message}${setting.purpose ? ` (${setting.purpose})` : ''}`;
      })
      .join('\n');
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return `--okta-private-key-file cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'permission denied'}): the PEM or JWK file of your Okta service app's private key`;
  }
  return `the Okta connection settings are not valid: ${error instanceof Error ? error.message : String(error)}`;
}
