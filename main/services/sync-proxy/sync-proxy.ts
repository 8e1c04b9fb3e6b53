/**
 * The renderer's only way to the sync server. Its RxDB replication calls `pull` and `push`
 * and listens to the live stream through IPC; main adds the bearer token here, so tokens
 * never reach the renderer (docs/architecture.md: tokens stay in main).
 *
 * Routes (the sync server's replication API, RxDB's HTTP replication shape):
 *   GET  /api/v1/replication/:collection/pull?tx=…&checkpoint=…&epoch=…&limit=…
 *   POST /api/v1/replication/:collection/push
 *   GET  /api/v1/replication/stream            (server-sent events)
 * plus `api()`, a passthrough limited to the allow-list in api-allow-list.ts.
 */

import type { BackoffPolicy } from '../../../domain/backoff';
import type { SyncPullInput, SyncPushInput } from '../../../domain/ipc-contract';
import { api, pathOf } from '../../../domain/wire/api';
import type { CollectionName } from '../../../domain/wire/collections';
import {
  checkpointParams,
  ERROR_CODES,
  ErrorBody,
  type PullResponse,
  PushResponse,
  pullResponseSchema,
  REPLICATION_ROUTES,
  type StreamEvent,
} from '../../../domain/wire/replication';
import { checkTransport } from '../session/session-config';
import { checkApiRoute } from './api-allow-list';
import {
  type AuthedRequest,
  createAuthedRequester,
  type HttpAnswer,
  type ProxyResult,
  type TokenSource,
} from './authed-request';
import { type Connectivity, createConnectivity } from './connectivity';
import { createEventStream, type EventStream } from './event-stream';

export interface SyncProxyDeps {
  readonly syncServerUrl: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly log?: (message: string, context: Record<string, unknown>) => void;
  /** This installation's id, sent as X-Latchkey-Device for the server's audit trail. */
  readonly deviceId?: () => Promise<string | null>;
  /** Any call, or the live stream, met `403 user_inactive` (user-inactive.ts). */
  readonly onUserInactive?: () => void;
}

/**
 * A non-2xx answer becomes a failure carrying the server's own error code (wire ErrorBody),
 * so the UI can say "not provisioned" rather than "HTTP 403".
 */
function failureOf(answer: HttpAnswer): ProxyResult<never> {
  const body = ErrorBody.safeParse(answer.body);
  if (body.success) {
    const code = ERROR_CODES.find((known) => known === body.data.error.code) ?? 'bad_response';
    return { ok: false, code, reason: body.data.error.message, status: answer.status };
  }
  return { ok: false, code: 'bad_response', reason: `HTTP ${answer.status}`, status: answer.status };
}

function parsed<T>(
  answer: HttpAnswer,
  parse: (body: unknown) => { success: true; data: T } | { success: false },
): ProxyResult<T> {
  if (answer.status < 200 || answer.status >= 300) return failureOf(answer);
  const result = parse(answer.body);
  if (!result.success)
    return {
      ok: false,
      code: 'bad_response',
      reason: 'the sync server answered outside the wire contract',
      status: answer.status,
    };
  return { ok: true, value: result.data };
}

export class SyncProxyConfigError extends Error {
  override readonly name = 'SyncProxyConfigError';
  readonly code = 'insecure_sync_server_url';
  constructor(reason: string) {
    super(reason, { cause: null });
  }
}

export function createSyncProxy(deps: SyncProxyDeps) {
  // Bearer tokens only over TLS, or to a server on this machine (RFC 6750 §5.3).
  const transport = checkTransport(deps.syncServerUrl);
  if (!transport.ok) throw new SyncProxyConfigError(transport.reason);
  const connectivity = createConnectivity();
  const request: AuthedRequest = createAuthedRequester({
    baseUrl: deps.syncServerUrl,
    tokens: deps.tokens,
    fetch: deps.fetch,
    onReachability: connectivity.report,
    deviceId: deps.deviceId,
    onUserInactive: deps.onUserInactive,
  });
  const listeners = new Set<(message: StreamEvent) => void>();
  let stream: EventStream | null = null;

  return {
    async pull(input: SyncPullInput): Promise<ProxyResult<PullResponse<CollectionName>>> {
      const query = new URLSearchParams({ limit: String(input.limit), ...checkpointParams(input.checkpoint) });
      const answer = await request({
        method: 'GET',
        pathAndQuery: `${pathOf(REPLICATION_ROUTES.pull, { collection: input.collection })}?${query}`,
      });
      if (!answer.ok) return answer;
      return parsed(answer.value, (body) => pullResponseSchema(input.collection).safeParse(body)) as ProxyResult<
        PullResponse<CollectionName>
      >;
    },

    async push(input: SyncPushInput): Promise<ProxyResult<PushResponse>> {
      const answer = await request({
        method: 'POST',
        pathAndQuery: pathOf(REPLICATION_ROUTES.push, { collection: input.collection }),
        body: input.rows,
      });
      if (!answer.ok) return answer;
      return parsed(answer.value, (body) => PushResponse.safeParse(body));
    },

    /** Generic passthrough for screens (extend, sync, share): only allow-listed /api/v1 routes. */
    async api(method: string, path: string, body?: unknown): Promise<ProxyResult<HttpAnswer>> {
      const route = checkApiRoute(method, path);
      if (!route.ok) return route;
      return request({ method, pathAndQuery: route.pathAndQuery, body });
    },

    /**
     * The secrets of the caller's authorised launch, for a Login-only user's login window. Host
     * only: the renderer's passthrough (`api`) never reaches this route, so the UI cannot ask.
     */
    async launchSecrets(accountId: string, launchId: string): Promise<ProxyResult<HttpAnswer>> {
      return request({
        method: 'POST',
        pathAndQuery: pathOf(api.launchSecrets, { accountId }),
        body: { launchId },
      });
    },

    /** The live stream runs while at least one subscriber listens. */
    subscribe(listener: (message: StreamEvent) => void): () => void {
      listeners.add(listener);
      if (!stream) {
        stream = createEventStream({
          url: new URL(REPLICATION_ROUTES.stream.path, deps.syncServerUrl),
          tokens: deps.tokens,
          fetch: deps.fetch,
          backoff: deps.backoff,
          random: deps.random,
          onInvalidEvent: (raw) => deps.log?.('stream event outside the wire contract', { raw }),
          onReachability: connectivity.report,
          deviceId: deps.deviceId,
          onUserInactive: deps.onUserInactive,
          onMessage: (message) => {
            for (const each of listeners) each(message);
          },
        });
      }
      stream.start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stream?.stop();
      };
    },

    /** Restart the stream after a sign-in, if anyone is listening. */
    resume(): void {
      if (listeners.size > 0) stream?.start();
    },

    connectivity: (): Connectivity => connectivity.current(),
    onConnectivity: connectivity.onChange,

    close(): void {
      listeners.clear();
      stream?.stop();
    },
  };
}
export type SyncProxy = ReturnType<typeof createSyncProxy>;
