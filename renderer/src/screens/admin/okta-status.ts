/**
 * `GET /api/v1/okta/status` (sync-server/okta/routes.ts) as the screens read it, and how its
 * numbers read to a person. Any member may ask; the answer holds no Okta credential.
 */
import type { OktaStatus } from '../../../../domain/wire/api/okta';

// The answer's schema lives in the HTTP contract; screens import the type from here.
export type { OktaStatus };

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
