/**
 * Relays the sync server's live stream (`GET /api/v1/replication/stream`, server-sent events)
 * to the renderer, with the bearer token added here in main.
 *
 * RxDB's replication protocol (docs-src/docs/replication-http.md): the stream only tells clients
 * what changed; anything missed while disconnected is recovered by a pull. So after every
 * reconnect we emit RESYNC and the replica pulls from its checkpoint. We own reconnection
 * (closing the EventSource on every error) because the library gives up for good on a non-200
 * answer, and a 401 here only means "refresh the token and come back".
 */
import { ErrorEvent, EventSource, type FetchLike } from 'eventsource';
import { type BackoffPolicy, equalJitterMs } from '../../../domain/backoff';
import { StreamEvent } from '../../../domain/wire/replication';
import type { TokenSource } from './authed-request';
import { responseSaysUserInactive } from './user-inactive';

const RESYNC: StreamEvent = { type: 'RESYNC' };

export interface EventStreamDeps {
  readonly url: URL;
  readonly tokens: TokenSource;
  readonly onMessage: (message: StreamEvent) => void;
  readonly deviceId?: () => Promise<string | null>;
  /** An event that does not match the wire contract: reported, never relayed. */
  readonly onInvalidEvent?: (raw: string) => void;
  readonly onReachability: (reachable: boolean) => void;
  /** The stream was refused with `403 user_inactive`: main ends the session (user-inactive.ts). */
  readonly onUserInactive?: () => void;
  readonly fetch?: typeof fetch;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
}

/** Reconnect delays of the live stream (equal jitter: a server restart is not answered in one instant). */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

export function createEventStream(deps: EventStreamDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const policy = deps.backoff ?? RECONNECT_BACKOFF;
  const random = deps.random ?? Math.random;

  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let everConnected = false;
  let failures = 0;
  let lastToken: string | null = null;
  let signedOut = false;
  /** Whether this connection already told the renderer to RESYNC (we say it, or the server does). */
  let resyncSentOnThisConnection = false;

  // The token is fetched per connection attempt, so a refreshed token is used on reconnect.
  const authedFetch: FetchLike = async (url, init) => {
    const token = await deps.tokens.accessToken();
    signedOut = !token.ok && token.code !== 'idp_unreachable';
    if (!token.ok) throw new Error(`no access token: ${token.code}`);
    lastToken = token.value;
    const headers: Record<string, string> = { ...init.headers, authorization: `Bearer ${token.value}` };
    const device = await deps.deviceId?.();
    if (device) headers['x-latchkey-device'] = device;
    const response = await fetchImpl(url, { ...init, headers });
    if (await responseSaysUserInactive(response)) {
      // Deprovisioned: there is nothing to reconnect for, and the session is about to end.
      signedOut = true;
      deps.onUserInactive?.();
    }
    return response;
  };

  const relay = (event: MessageEvent) => {
    const raw = String(event.data);
    let parsed: ReturnType<typeof StreamEvent.safeParse> | null = null;
    try {
      parsed = StreamEvent.safeParse(JSON.parse(raw));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      deps.onInvalidEvent?.(raw.slice(0, 200));
      return;
    }
    if (parsed.data.type === 'RESYNC') {
      // The server opens every connection with RESYNC; one per connection is enough.
      if (resyncSentOnThisConnection) {
        resyncSentOnThisConnection = false;
        return;
      }
    }
    resyncSentOnThisConnection = false;
    deps.onMessage(parsed.data);
  };

  function connect(): void {
    timer = null;
    if (!running) return;
    const es = new EventSource(deps.url, { fetch: authedFetch });
    source = es;
    resyncSentOnThisConnection = false;
    es.addEventListener('open', () => {
      deps.onReachability(true);
      failures = 0;
      // Changes made while we were away are not replayed by the stream: the replica must pull.
      if (everConnected) {
        deps.onMessage(RESYNC);
        resyncSentOnThisConnection = true;
      }
      everConnected = true;
    });
    es.addEventListener('message', relay);
    es.addEventListener('error', (event) => {
      es.close();
      if (source !== es || !running) return;
      source = null;
      void retryAfter(event instanceof ErrorEvent ? event.code : undefined);
    });
  }

  async function retryAfter(status: number | undefined): Promise<void> {
    if (signedOut) {
      // Nothing to reconnect with until the user signs in again; the owner restarts us then.
      stop();
      return;
    }
    if (status === 401 && lastToken !== null) {
      const renewed = await deps.tokens.refreshNow(lastToken);
      if (!renewed.ok && renewed.code !== 'idp_unreachable') {
        // Signed out or the session ended: nothing to reconnect with until the user signs in.
        stop();
        return;
      }
    } else if (status === undefined) {
      deps.onReachability(false);
    }
    if (!running) return;
    const delay = equalJitterMs(failures, policy, random);
    failures += 1;
    timer = setTimeout(connect, delay);
  }

  function stop(): void {
    running = false;
    if (timer) clearTimeout(timer);
    timer = null;
    source?.close();
    source = null;
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      connect();
    },
    stop,
    isRunning: () => running,
  };
}
export type EventStream = ReturnType<typeof createEventStream>;
