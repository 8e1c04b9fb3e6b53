/**
 * Server configuration from the command line and the environment, validated once at start.
 *
 *   npm run server -- [--port 7200] [--host 127.0.0.1] [--data DIR] [--issuer URL --audience AUD]
 *                     [--public-url URL]
 *   env: DATABASE_URL (PostgreSQL instead of PGlite), LATCHKEY_ISSUER, LATCHKEY_AUDIENCE,
 *        LATCHKEY_CREDENTIALS_KEY (base64, 32 bytes; else generated into DIR/credentials.key)
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { OKTA_ARG_OPTIONS, OktaServerConfig, oktaConfigFromArgs } from './okta/config';

/** Push batches are at most 500 rows (PUSH_ROWS_MAX); 5 MiB holds them with room to spare. */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export const ServerConfig = z.object({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z.string().min(1).optional(),
  issuer: z.url(),
  audience: z.string().min(1),
  publicUrl: z.url().optional(),
  credentialsKey: z.string().min(1).optional(),
  bodyLimitBytes: z.number().int().positive().default(BODY_LIMIT_BYTES),
  /** Extended account access: the Okta org and credentials (sync-server/okta/config.ts). */
  okta: OktaServerConfig.optional(),
});
export type ServerConfig = z.input<typeof ServerConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'bad_config';
}

export function configFromArgs(argv: string[], env: NodeJS.ProcessEnv): z.output<typeof ServerConfig> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7200' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      'public-url': { type: 'string' },
      ...OKTA_ARG_OPTIONS,
    },
    strict: true,
  });
  const parsed = ServerConfig.safeParse({
    port: Number(values.port),
    host: values.host,
    dataDir: values.data ?? env.LATCHKEY_DATA_DIR ?? './.latchkey/server',
    databaseUrl: env.DATABASE_URL || undefined,
    issuer: values.issuer ?? env.LATCHKEY_ISSUER,
    audience: values.audience ?? env.LATCHKEY_AUDIENCE ?? 'api://latchkey',
    publicUrl: values['public-url'] ?? env.LATCHKEY_PUBLIC_URL,
    credentialsKey: env.LATCHKEY_CREDENTIALS_KEY || undefined,
    okta: oktaConfigFromArgs(values, env),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
