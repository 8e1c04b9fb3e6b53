/**
 * The live stream (server-sent events, WHATWG HTML §9.2): `RESYNC` on every (re)connection,
 * because a client cannot know what it missed while disconnected, then a `change` event naming
 * the collection whenever a write commits. Events carry no record data — clients pull, and the
 * pull filters by access — so the stream cannot leak what a user may not see.
 */
import type { FastifyReply } from 'fastify';
import type { StreamEvent } from '../../domain/wire/replication';
import type { ChangeFeed } from './change-feed';

/** Below common proxy idle timeouts (60 s), so the connection is not cut while quiet. */
const HEARTBEAT_MS = 20_000;

export class LiveStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly feed: ChangeFeed) {}

  /** Streams open now (metrics). */
  get size(): number {
    return this.open.size;
  }

  /**
   * `endsAt`: the access token's expiry — the stream ends then, and the client reconnects with a
   * fresh token (and gets RESYNC). `stillAllowed` is asked when users change, so a deactivated
   * user's stream ends at once.
   */
  attach(reply: FastifyReply, opts: { endsAt: number | null; stillAllowed: () => Promise<boolean> }): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      // Hijacked: Fastify's own headers (the echoed request id among them) are not sent for us.
      'x-request-id': reply.request.id,
    });
    const send = (event: StreamEvent): void => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    send({ type: 'RESYNC' });
    // A push of many rows commits many notifications at once: one event per tick names them all.
    let pending: { collections: Set<string>; seq: number } | undefined;
    const unsubscribe = this.feed.subscribe((n) => {
      if (pending === undefined) {
        pending = { collections: new Set(), seq: n.seq };
        setImmediate(() => {
          if (pending === undefined || res.writableEnded) return;
          const event: StreamEvent = { type: 'change', collections: [...pending.collections], seq: pending.seq };
          pending = undefined;
          if (!event.collections.includes('users')) return send(event);
          opts.stillAllowed().then(
            (allowed) => (allowed ? send(event) : end()),
            () => end(),
          );
        });
      }
      pending.collections.add(n.collection);
      pending.seq = Math.max(pending.seq, n.seq);
    });
    // Changes committed while the server could not hear them: the client pulls from its checkpoint.
    const unsubscribeResync = this.feed.onResync(() => send({ type: 'RESYNC' }));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // setTimeout's ceiling is 2^31-1 ms; tokens live far less, but never overflow into "now".
    const expiry =
      opts.endsAt === null
        ? undefined
        : setTimeout(() => end(), Math.min(Math.max(0, opts.endsAt - Date.now()), 2 ** 31 - 1));
    const end = (): void => {
      clearInterval(heartbeat);
      if (expiry !== undefined) clearTimeout(expiry);
      unsubscribe();
      unsubscribeResync();
      this.open.delete(end);
      if (!res.writableEnded) res.end();
    };
    this.open.add(end);
    res.on('close', end);
  }

  /** Ends every stream (shutdown): clients reconnect elsewhere and get RESYNC there. */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
