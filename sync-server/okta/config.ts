/**
 * Okta connection settings, from the server's command line and environment:
 *
 *   --okta-org-url https://acme.okta.com
 *   --okta-api-token T            (or env LATCHKEY_OKTA_API_TOKEN, which keeps it out of `ps`)
 *   --okta-client-id ID --okta-private-key-file key.pem|key.json [--okta-key-id KID]
 *                                 (an OAuth 2.0 service app with private_key_jwt instead of SSWS;
 *                                 or LATCHKEY_OKTA_CLIENT_ID, …_PRIVATE_KEY_FILE, …_KEY_ID)
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
} as const;

export const OktaServerConfig = z
  .object({
    // The API token or service-app key travels to it on every call: never in clear off this machine.
    orgUrl: secureUrl('the Okta org URL'),
    apiToken: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    privateKey: z.string().min(1).optional(),
    keyId: z.string().min(1).optional(),
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
