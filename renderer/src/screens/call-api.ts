import type { LatchkeyApi } from '../../../domain/ipc-contract';
import {
  pathOf,
  type RouteErrorCode,
  type RouteInput,
  type RouteResponse,
  type RouteSpec,
} from '../../../domain/wire/api';
import { callService } from '../bridge/call-service';

/**
 * Why a call failed before the route could answer in its contract: offline, the host or the
 * server not reached (`unreachable`), or an answer outside the contract (`bad_answer`).
 */
export type CallFailureCode = 'offline' | 'unreachable' | 'bad_answer';

export type ApiOutcome<R extends RouteSpec> =
  | { ok: true; status: number; body: RouteResponse<R> }
  | { ok: false; status: number | null; code: RouteErrorCode<R> | CallFailureCode; message: string };

const BAD_ANSWER = 'The sync server sent an answer this app does not understand. Update Latchkey.';

/** Routes without params, query or body are called without input. */
type InputArgs<R extends RouteSpec> =
  Record<never, never> extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>];

/**
 * One sync-server route through the host's allow-listed passthrough (`api:request`), by its entry
 * in the HTTP contract (domain/wire/api/): the path is built from the entry and `params`, and the
 * answer parsed with the entry's response schema where it enters the renderer. A failure carries
 * a message a person can act on (the server's own when it sent one in the wire ErrorBody shape).
 */
export function callApi<R extends RouteSpec>(
  api: LatchkeyApi,
  route: R,
  ...[input]: InputArgs<R>
): Promise<ApiOutcome<R>> {
  return send(api, route, input ?? {});
}

/** A GET that takes no input (what screens read with useServerData). */
export type ReadRoute = RouteSpec & { method: 'GET'; params?: never; query?: never; body?: never };

export function readApi<R extends ReadRoute>(api: LatchkeyApi, route: R): Promise<ApiOutcome<R>> {
  return send(api, route, {});
}

interface SentInput {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

async function send<R extends RouteSpec>(api: LatchkeyApi, route: R, given: SentInput): Promise<ApiOutcome<R>> {
  const path = pathOf(route, given.params, given.query);
  const answer = await callService(api, 'api:request', {
    method: route.method,
    path,
    ...(given.body === undefined ? {} : { body: given.body }),
  });
  // Not answered by the server: the host, main's service (offline, not signed in…) or the call itself.
  if (!answer.ok) {
    const offline = answer.code === 'offline';
    return {
      ok: false,
      status: null,
      code: offline ? 'offline' : 'unreachable',
      message: offline
        ? 'You are offline: this needs the sync server. Try again when you are back online.'
        : answer.reason,
    };
  }
  // The server answered: its status and body, read against the route's contract.
  const { status, body } = answer.value;
  if (status >= 200 && status < 300) {
    const parsed = route.response.safeParse(body);
    if (parsed.success) return { ok: true, status, body: parsed.data as RouteResponse<R> };
    return { ok: false, status, code: 'bad_answer', message: BAD_ANSWER };
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = route.errors.find((known) => known === error?.code);
  return {
    ok: false,
    status,
    code: code ?? 'bad_answer',
    message: typeof error?.message === 'string' ? error.message : `The sync server answered HTTP ${status}.`,
  };
}
