/**
 * Whether the sync server can really talk to Okta, as `GET /api/v1/okta/status` (field
 * `connection`), `POST /api/v1/okta/connection/check` and `/readyz` report it. "Connected" means
 * an authenticated Management API call succeeded, not merely that an org URL is configured.
 *
 * - `not_configured`: no `--okta-org-url`; nothing can reach Okta.
 * - `checking`: the first check since start has not answered yet.
 * - `connected`: the last check's authenticated call succeeded.
 * - `refused`: Okta answered 401/403 (a wrong or revoked token, a service app Okta does not
 *   know, an admin without permission).
 * - `missing_scope`: the service app was not granted a scope the reconciler needs; `scopes` names it.
 * - `unreachable`: no HTTP answer (DNS, connection refused, TLS, timeout).
 * - `failed`: Okta answered but not usefully (5xx, rate limited after every retry).
 *
 * `message` is a sentence a person can act on; it never holds a credential.
 */
import { z } from 'zod';

export const OktaConnectionState = z.enum([
  'not_configured',
  'checking',
  'connected',
  'refused',
  'missing_scope',
  'unreachable',
  'failed',
]);
export type OktaConnectionState = z.infer<typeof OktaConnectionState>;

export const OktaConnection = z.object({
  state: OktaConnectionState,
  message: z.string(),
  /** When the last check answered (ISO 8601); null before the first answer. */
  checkedAt: z.string().nullable(),
  /** Okta's HTTP status and error code of a refusal (`401`, `E0000011`); null otherwise. */
  httpStatus: z.number().int().nullable(),
  oktaErrorCode: z.string().nullable(),
  /** Scopes the service app lacks (`missing_scope`); empty otherwise. */
  scopes: z.array(z.string()),
  /**
   * The last 401/403 Okta gave a reconciler call, which started a re-check: kept even when the
   * check then passes (a token that may read apps but not change them), so the panel can say so.
   */
  lastRefusal: z.object({ at: z.string(), message: z.string() }).nullable(),
});
export type OktaConnection = z.infer<typeof OktaConnection>;
