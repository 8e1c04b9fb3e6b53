/**
 * `GET /api/v1/okta/status` (sync-server/okta/routes.ts) as the screens read it, and how its
 * numbers read to a person. Any member may ask; the answer holds no Okta credential.
 */
import { z } from 'zod';
import { OktaConnection } from '../../../../domain/wire/okta-connection';
import { OktaSweepStatus } from '../../../../domain/wire/okta-sweep';

export const OktaStatus = z.object({
  enabled: z.boolean(),
  configured: z.boolean(),
  pending: z.number().int().min(0),
  progress: z.object({
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    startedAt: z.string().nullable(),
  }),
  connection: OktaConnection,
  /** The scheduled drift sweep; absent from servers that have none. */
  sweep: OktaSweepStatus.optional(),
});
export type OktaStatus = z.infer<typeof OktaStatus>;

/** `POST /api/v1/okta/connection/check`: the check Refresh makes. */
export const ConnectionCheckAnswer = z.object({ connection: OktaConnection });

export const NOT_CONFIGURED =
  'This Latchkey server is not connected to Okta. Ask your administrator to start it with --okta-org-url and an API token.';

/**
 * "Connected" only when the server's last authenticated call to Okta succeeded; otherwise
 * what Okta answered and what to do, as the server worded it.
 */
export function connectionText(status: OktaStatus): string {
  if (!status.configured) return `Not connected. ${NOT_CONFIGURED}`;
  const queue =
    status.pending === 0
      ? 'Okta is up to date.'
      : `${status.pending} account${status.pending === 1 ? '' : 's'} waiting to be pushed to Okta.`;
  switch (status.connection.state) {
    case 'connected':
      return `Connected. ${queue}`;
    case 'checking':
    case 'not_configured':
      return status.connection.message;
    default:
      return `Not connected. ${status.connection.message}`;
  }
}
