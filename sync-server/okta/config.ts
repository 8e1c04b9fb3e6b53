/**
 * Okta connection settings, from the server's command line and environment:
 *
 *   --okta-org-url https://acme.okta.com
 *   --okta-api-token T            (or env LATCHKEY_OKTA_API_TOKEN, which keeps it out of `ps`)
 *   --okta-client-id ID --okta-private-key-file key.pem|key.json [--okta-key-id KID]
 *                                 (an OAuth 2.0 service app with private_key_jwt instead of SSWS;
 *                                 or LATCHKEY_OKTA_CLIENT_ID, …_PRIVATE_KEY_FILE, …_KEY_ID)
 *   --okta-sweep-interval 6h      (or LATCHKEY_OKTA_SWEEP_INTERVAL) time between drift sweeps; 0 or off: none
 *
 * The token and key stay in process memory: never stored, replicated or logged.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { secureUrl } from '../../domain/secure-url';
import type { OktaAuth } from './okta-client';

export const OKTA_ARG_OPTIONS = {
  'okta-org-url': { type: 'string' },
  'okta-api-token': { type: 'string' },
  'okta-client-id': { type: 'string' },
  'okta-private-key-file': { type: 'string' },
  'okta-key-id': { type: 'string' },
  'okta-sweep-interval': { type: 'string' },
} as const;

export const DEFAULT_SWEEP_INTERVAL = '6h';
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Time between two drift sweeps: a number with a unit (`90m`, `6h`, `1d`), at least a minute
 * (each sweep reads every extended app); `0` or `off` turns the sweep off. Milliseconds out.
 */
export const SweepInterval = z
  .string()
  .trim()
  .regex(/^(0|off|\d+(s|m|h|d))$/i, 'a duration such as 30m, 6h or 1d (0 or off: no sweep)')
  .transform((text) => {
    const m = /^(\d+)(s|m|h|d)$/i.exec(text);
    return m ? Number(m[1]) * UNIT_MS[(m[2] ?? 's').toLowerCase() as keyof typeof UNIT_MS] : 0;
  })
  .refine((ms) => ms === 0 || ms >= 60_000, 'at least 1m (0 or off: no sweep)');

export const OktaServerConfig = z
  .object({
    // The API token or service-app key travels to it on every call: never in clear off this machine.
    orgUrl: secureUrl('the Okta org URL'),
    apiToken: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    privateKey: z.string().min(1).optional(),
    keyId: z.string().min(1).optional(),
    // Milliseconds once parsed; the text of the flag when read from the command line.
    sweepIntervalMs: z.union([z.number().int().min(0), SweepInterval]).default(6 * UNIT_MS.h),
  })
  .refine((c) => c.apiToken !== undefined || (c.clientId !== undefined && c.privateKey !== undefined), {
    message: 'Okta needs --okta-api-token, or --okta-client-id with --okta-private-key-file',
  });
export type OktaServerConfig = z.infer<typeof OktaServerConfig>;

type ArgValues = { [K in keyof typeof OKTA_ARG_OPTIONS]?: string | undefined };

/** Undefined when no Okta org is configured (the feature then cannot reach Okta). */
export function oktaConfigFromArgs(values: ArgValues, env: NodeJS.ProcessEnv): OktaServerConfig | undefined {
  const orgUrl = values['okta-org-url'] ?? env.LATCHKEY_OKTA_ORG_URL;
  if (!orgUrl) return undefined;
  const keyFile = values['okta-private-key-file'] ?? (env.LATCHKEY_OKTA_PRIVATE_KEY_FILE || undefined);
  return OktaServerConfig.parse({
    orgUrl,
    apiToken: values['okta-api-token'] ?? (env.LATCHKEY_OKTA_API_TOKEN || undefined),
    clientId: values['okta-client-id'] ?? (env.LATCHKEY_OKTA_CLIENT_ID || undefined),
    privateKey: keyFile ? readFileSync(keyFile, 'utf8') : undefined,
    keyId: values['okta-key-id'] ?? (env.LATCHKEY_OKTA_KEY_ID || undefined),
    sweepIntervalMs: values['okta-sweep-interval'] ?? (env.LATCHKEY_OKTA_SWEEP_INTERVAL || DEFAULT_SWEEP_INTERVAL),
  });
}

export function oktaAuthOf(c: OktaServerConfig): OktaAuth {
  if (c.apiToken !== undefined) return { kind: 'ssws', token: c.apiToken };
  return {
    kind: 'privateKey',
    clientId: c.clientId ?? '',
    privateKey: c.privateKey ?? '',
    ...(c.keyId ? { keyId: c.keyId } : {}),
  };
}
