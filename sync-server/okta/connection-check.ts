/**
 * Whether this server can really talk to Okta. "Connected" is shown only after an authenticated
 * Management API call succeeded (`OktaApps.probe`, `GET /api/v1/apps?limit=1`): a configured org
 * URL proves nothing, and a wrong token would otherwise only surface as each account's error.
 *
 * Checked when the server starts, when an admin presses Refresh (`POST /api/v1/okta/connection/check`)
 * and again whenever Okta answers a reconciler call with 401/403 — a token revoked while the
 * server runs shows here within one call. Checks are coalesced: many refused calls at once
 * (every queued account) make one probe, and refusal-started checks are spaced apart.
 */
import type { OktaConnection } from '../../domain/wire/okta-connection';
import { TokenRequestRefused } from './governed-executor';
import { type OktaCallError, toOktaCallError } from './okta-client';

const PROBE = 'check the connection';

export interface ConnectionMonitorOptions {
  /** One authenticated call; throws what the SDK threw. */
  probe: () => Promise<void>;
  orgUrl: string;
  auth: 'ssws' | 'privateKey';
  now?: () => Date;
  /** Least time between two checks started by refused calls; Refresh is never held back. */
  refusalRecheckMs?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export const NOT_CONFIGURED_CONNECTION: OktaConnection = {
  state: 'not_configured',
  message:
    'This Latchkey server is not connected to Okta. Ask your administrator to start it with --okta-org-url and an API token.',
  checkedAt: null,
  httpStatus: null,
  oktaErrorCode: null,
  scopes: [],
  lastRefusal: null,
};

export class OktaConnectionMonitor {
  private status: OktaConnection;
  private inFlight: Promise<OktaConnection> | null = null;
  private lastRefusalCheckMs = Number.NEGATIVE_INFINITY;
  private readonly now: () => Date;

  constructor(private readonly o: ConnectionMonitorOptions) {
    this.now = o.now ?? (() => new Date());
    this.status = {
      ...NOT_CONFIGURED_CONNECTION,
      state: 'checking',
      message: `Checking the connection to Okta at ${o.orgUrl}…`,
    };
  }

  current(): OktaConnection {
    return this.status;
  }

  /** Runs a check, or joins the one under way; resolves with its outcome. */
  check(): Promise<OktaConnection> {
    if (this.inFlight) return this.inFlight;
    const run = this.o
      .probe()
      .then(
        () => connected(this.o.orgUrl),
        (err: unknown) => describeConnectionFailure(toOktaCallError(PROBE, err), this.o),
      )
      .then((outcome) => {
        this.status = { ...outcome, checkedAt: this.now().toISOString(), lastRefusal: this.status.lastRefusal };
        if (outcome.state !== 'connected')
          this.o.log?.('okta connection check failed', { state: outcome.state, status: outcome.httpStatus });
        return this.status;
      })
      .finally(() => {
        this.inFlight = null;
      });
    this.inFlight = run;
    return run;
  }

  /** Okta refused a reconciler call (401/403): remember it and look again. */
  refused(err: OktaCallError): void {
    const at = this.now();
    this.status = { ...this.status, lastRefusal: { at: at.toISOString(), message: refusalText(err) } };
    if (this.inFlight || at.getTime() - this.lastRefusalCheckMs < (this.o.refusalRecheckMs ?? 5_000)) return;
    this.lastRefusalCheckMs = at.getTime();
    this.check().catch(() => undefined);
  }
}

type Outcome = Omit<OktaConnection, 'checkedAt' | 'lastRefusal'>;

function connected(orgUrl: string): Outcome {
  return {
    state: 'connected',
    message: `Connected to Okta at ${orgUrl}: an authenticated call succeeded.`,
    httpStatus: null,
    oktaErrorCode: null,
    scopes: [],
  };
}

/** What a failed check means and what to do about it, in words an admin can act on. */
export function describeConnectionFailure(e: OktaCallError, o: Pick<ConnectionMonitorOptions, 'orgUrl' | 'auth'>) {
  const detail = e.message.startsWith(`${PROBE}: `) ? e.message.slice(PROBE.length + 2) : e.message;
  const base = { httpStatus: e.status === 0 ? null : e.status, oktaErrorCode: e.oktaErrorCode, scopes: [] as string[] };
  const tokenRefusal = e.cause instanceof TokenRequestRefused ? e.cause : null;
  if (tokenRefusal?.error === 'invalid_scope') {
    // Okta's description lists the scopes it would not grant ("… not granted: okta.apps.read.").
    const scopes = [...new Set(tokenRefusal.description.match(/\bokta(?:\.[A-Za-z]+)+/g) ?? [])];
    const named =
      scopes.length > 0 ? scopes.join(', ') : 'a scope Latchkey requests (okta.apps.read, okta.apps.manage)';
    return {
      ...base,
      state: 'missing_scope',
      scopes,
      message:
        `The Okta service app is missing the scope ${named}: Okta refused its token request (invalid_scope: ` +
        `${tokenRefusal.description}). In the Okta Admin Console open the service app → Okta API Scopes, grant ` +
        `${scopes.length > 0 ? named : 'okta.apps.read and okta.apps.manage'}, then press Refresh.`,
    } satisfies Outcome;
  }
  if (tokenRefusal !== null) {
    return {
      ...base,
      state: 'refused',
      message:
        `Okta refused the service app's token request (${tokenRefusal.error}: ${tokenRefusal.description || 'no description'}). ` +
        'Check --okta-client-id and that the public key registered for the service app in Okta matches ' +
        '--okta-private-key-file (and --okta-key-id), then restart the Latchkey server.',
    } satisfies Outcome;
  }
  const code = e.oktaErrorCode ? ` ${e.oktaErrorCode}` : '';
  if (e.status === 401) {
    const fix =
      o.auth === 'ssws'
        ? 'The API token is wrong, was revoked, expired after 30 days unused, or its admin was deactivated. ' +
          'Create a new token in the Okta Admin Console (Security → API → Tokens) and restart the Latchkey server ' +
          'with it (--okta-api-token or LATCHKEY_OKTA_API_TOKEN).'
        : "Okta did not accept the service app's access token. Check that the service app is active in Okta and " +
          'has been granted okta.apps.read and okta.apps.manage, then press Refresh.';
    return {
      ...base,
      state: 'refused',
      message: `Okta refused Latchkey's credentials: 401${code} "${detail}". ${fix}`,
    } satisfies Outcome;
  }
  if (e.status === 403) {
    return {
      ...base,
      state: 'refused',
      message:
        `Okta refused to let Latchkey read apps: 403${code} "${detail}". The API token's admin (or the service app) ` +
        'needs an admin role that manages apps (Application Administrator or Super Administrator) and, for a ' +
        'service app, the scopes okta.apps.read and okta.apps.manage. Press Refresh once it has them.',
    } satisfies Outcome;
  }
  if (e.code === 'transport') {
    return {
      ...base,
      state: 'unreachable',
      message:
        `Okta at ${o.orgUrl} could not be reached (${transportReason(e)}). Check --okta-org-url and that this ` +
        'server can reach it (DNS, proxy, firewall); press Refresh to check again.',
    } satisfies Outcome;
  }
  return {
    ...base,
    state: 'failed',
    message: `Okta answered the connection check with HTTP ${e.status}${code} "${detail}". Latchkey keeps retrying queued changes; press Refresh to check again.`,
  } satisfies Outcome;
}

/** The refusal as the status panel lists it: what was refused and Okta's own words. */
function refusalText(e: OktaCallError): string {
  return `${e.message} (HTTP ${e.status}${e.oktaErrorCode ? ` ${e.oktaErrorCode}` : ''})`;
}

/** The network error's code (ECONNREFUSED, ENOTFOUND…) or first line, without URLs. */
function transportReason(e: OktaCallError): string {
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  const text = typeof cause?.message === 'string' ? cause.message : e.message;
  const line = (text.split('\n')[0] ?? '').replace(/\b\w+:\/\/\S+/g, '[url]').slice(0, 200);
  return code && !line.includes(code) ? `${code}: ${line}` : line;
}
