/**
 * Every request main makes to the sync server on the user's behalf: adds the bearer token
 * (RFC 6750 §2.1), refreshes once when the server answers 401 to a token we thought valid
 * (RFC 6750 §3.1 invalid_token), and turns "cannot reach the server" into a value the UI
 * can show instead of an exception.
 *
 * The token is read from the session at the moment of sending and never returned: callers
 * (and through them the renderer) receive only the server's status and body.
 */
import type { ErrorCode } from '../../../domain/wire/replication';
import { checkTransport } from '../session/session-config';
import type { TokenResult } from '../session/session-service';
import { isUserInactive } from './user-inactive';

export interface TokenSource {
  accessToken(): Promise<TokenResult>;
  refreshNow(rejectedAccessToken: string): Promise<TokenResult>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type ProxyFailureCode =
  | 'offline'
  | 'not_signed_in'
  | 'session_expired'
  | 'idp_unreachable'
  | 'insecure_url'
  | 'unauthorized'
  | 'route_not_allowed'
  | 'bad_response'
  /** The sync server's own refusal (wire ErrorBody code: user_not_provisioned, unknown_collection…). */
  | ErrorCode;

export type ProxyResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ProxyFailureCode; readonly reason: string; readonly status?: number };

export interface RequestOptions {
  readonly method: string;
  readonly pathAndQuery: string;
  readonly body?: unknown;
}

export interface AuthedRequesterDeps {
  readonly baseUrl: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  /** Told whether the server answered at all, for the online/offline indicator. */
  readonly onReachability?: (reachable: boolean) => void;
  readonly timeoutMs?: number;
  /** This installation's id for the server's audit trail (X-Latchkey-Device); not a credential. */
  readonly deviceId?: () => Promise<string | null>;
  /** The server said the person was deprovisioned (`403 user_inactive`): main ends the session. */
  readonly onUserInactive?: () => void;
}

async function readBody(response: Response): Promise<ProxyResult<unknown>> {
  const text = await response.text();
  if (text.length === 0) return { ok: true, value: null };
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    return { ok: true, value: text };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, code: 'bad_response', reason: 'the sync server sent malformed JSON', status: response.status };
  }
}

export function createAuthedRequester(deps: AuthedRequesterDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const transport = checkTransport(deps.baseUrl);
  const base = new URL(deps.baseUrl);

  async function send(options: RequestOptions, token: string): Promise<ProxyResult<Response>> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const device = await deps.deviceId?.();
    if (device) headers['x-latchkey-device'] = device;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetchImpl(new URL(options.pathAndQuery, base), {
        method: options.method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: 'error',
        signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
      });
      deps.onReachability?.(true);
      return { ok: true, value: response };
    } catch (error) {
      deps.onReachability?.(false);
      return {
        ok: false,
        code: 'offline',
        reason: `sync server unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  return async function request(options: RequestOptions): Promise<ProxyResult<HttpAnswer>> {
    // Never send a bearer token in clear over the network.
    if (!transport.ok) return transport;
    const first = await deps.tokens.accessToken();
    if (!first.ok) return first;
    let sent = await send(options, first.value);
    if (!sent.ok) return sent;
    if (sent.value.status === 401) {
      await sent.value.body?.cancel();
      const renewed = await deps.tokens.refreshNow(first.value);
      if (!renewed.ok) return renewed;
      sent = await send(options, renewed.value);
      if (!sent.ok) return sent;
      if (sent.value.status === 401) {
        await sent.value.body?.cancel();
        return { ok: false, code: 'unauthorized', reason: 'the sync server refused a fresh token', status: 401 };
      }
    }
    const body = await readBody(sent.value);
    if (!body.ok) return body;
    if (isUserInactive(sent.value.status, body.value)) deps.onUserInactive?.();
    return { ok: true, value: { status: sent.value.status, body: body.value } };
  };
}

export type AuthedRequest = ReturnType<typeof createAuthedRequester>;
