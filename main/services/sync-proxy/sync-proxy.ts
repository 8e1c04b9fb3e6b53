/**
 * The renderer's only way to the sync server. Its RxDB replication calls `pull` and `push`
 * and listens to the live stream through IPC; main adds the bearer token here, so tokens
 * never reach the renderer (ARCHITECTURE.md "Identity"; STYLE.md habit 7).
 *
 * Routes (the sync server's replication API, RxDB's HTTP replication shape):
 *   GET  /api/v1/replication/:collection/pull?checkpoint=…&limit=…
 *   POST /api/v1/replication/:collection/push
 *   GET  /api/v1/replication/stream            (server-sent events)
 * plus `api()`, a passthrough limited to the allow-list in api-allow-list.ts.
 */
import { checkTransport } from '../session/session-config';
import { checkApiRoute } from './api-allow-list';
import {
  type AuthedRequest,
  createAuthedRequester,
  type HttpAnswer,
  type ProxyResult,
  type TokenSource,
} from './authed-request';
import type { BackoffPolicy } from './backoff';
import { type Connectivity, createConnectivity } from './connectivity';
import { createEventStream, type EventStream, type StreamMessage } from './event-stream';

export interface SyncProxyDeps {
  readonly syncServerUrl: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /**
   * Names of the replicated collections the server serves; anything else is refused here.
   * Without a list, any name of the contract's shape is forwarded and the server decides.
   */
  readonly collections?: readonly string[];
  /** Named SSE events the server sends besides the default `message` event. */
  readonly streamEventNames?: readonly string[];
}

export interface PullInput {
  readonly collection: string;
  /** The checkpoint as the wire contract serialises it; null for the first pull. */
  readonly checkpoint: unknown;
  readonly limit: number;
}

export interface PushInput {
  readonly collection: string;
  readonly rows: readonly unknown[];
}

/** An HTTP answer that is not a success, passed through with the server's own error body. */
function expectSuccess(answer: HttpAnswer): ProxyResult<unknown> {
  if (answer.status >= 200 && answer.status < 300) return { ok: true, value: answer.body };
  const reason =
    typeof answer.body === 'object' && answer.body !== null && 'message' in answer.body
      ? String(answer.body.message)
      : `HTTP ${answer.status}`;
  return { ok: false, code: answer.status === 403 ? 'unauthorized' : 'bad_response', reason, status: answer.status };
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
  });
  const listeners = new Set<(message: StreamMessage) => void>();
  let stream: EventStream | null = null;

  const knownCollection = (collection: string): ProxyResult<string> =>
    (deps.collections?.includes(collection) ?? /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(collection))
      ? { ok: true, value: encodeURIComponent(collection) }
      : { ok: false, code: 'route_not_allowed', reason: `no replicated collection named ${collection}` };

  return {
    async pull(input: PullInput): Promise<ProxyResult<unknown>> {
      const collection = knownCollection(input.collection);
      if (!collection.ok) return collection;
      const query = new URLSearchParams({ limit: String(input.limit) });
      if (input.checkpoint !== null && input.checkpoint !== undefined) {
        query.set('checkpoint', JSON.stringify(input.checkpoint));
      }
      const answer = await request({
        method: 'GET',
        pathAndQuery: `/api/v1/replication/${collection.value}/pull?${query}`,
      });
      return answer.ok ? expectSuccess(answer.value) : answer;
    },

    async push(input: PushInput): Promise<ProxyResult<unknown>> {
      const collection = knownCollection(input.collection);
      if (!collection.ok) return collection;
      const answer = await request({
        method: 'POST',
        pathAndQuery: `/api/v1/replication/${collection.value}/push`,
        body: input.rows,
      });
      return answer.ok ? expectSuccess(answer.value) : answer;
    },

    /** Generic passthrough for screens (extend, sync, share): only allow-listed /api/v1 routes. */
    async api(method: string, path: string, body?: unknown): Promise<ProxyResult<HttpAnswer>> {
      const route = checkApiRoute(method, path);
      if (!route.ok) return route;
      return request({ method, pathAndQuery: route.pathAndQuery, body });
    },

    /** The live stream runs while at least one subscriber listens. */
    subscribe(listener: (message: StreamMessage) => void): () => void {
      listeners.add(listener);
      if (!stream) {
        stream = createEventStream({
          url: new URL('/api/v1/replication/stream', deps.syncServerUrl),
          tokens: deps.tokens,
          fetch: deps.fetch,
          backoff: deps.backoff,
          random: deps.random,
          eventNames: deps.streamEventNames,
          onReachability: connectivity.report,
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
