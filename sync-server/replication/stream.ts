/**
 * The live stream (server-sent events, WHATWG HTML §9.2): `RESYNC` on every (re)connection,
 * because a client cannot know what it missed while disconnected, then a `change` event naming
 * collections to pull whenever a committed write concerns the stream's user
 * (domain/live-audience.ts): they gained a record, saw it change, or lost it. A write nobody on a
 * stream can see wakes nobody there. Events carry no record data — clients pull, and the pull
 * filters by access — so the stream cannot leak what a user may not see.
 *
 * Each server process decides for its own streams from the notices every process hears
 * (change-feed.ts): notices of one tick are judged together against one refreshed workspace.
 * A notice waits until the workspace's horizon is past its transaction: before that a pull could
 * not return its rows yet (an older transaction still runs, records-reader.ts), and the client,
 * having pulled nothing, would not be told again.
 */
import type { FastifyReply } from 'fastify';
import { concerns, type ViewOf } from '../../domain/live-audience';
import type { CollectionName } from '../../domain/wire/collections';
import type { StreamEvent } from '../../domain/wire/replication';
import { isActiveMember } from '../../domain/workspace-index';
import type { WorkspaceState } from '../workspace/workspace-cache';
import type { ChangeFeed, ChangeNotice } from './change-feed';
import { maySee } from './view';

/** Below common proxy idle timeouts (60 s), so the connection is not cut while quiet. */
const HEARTBEAT_MS = 20_000;

/**
 * How soon to look again for notices still above the horizon, doubling: the transactions they
 * wait for are other writes (milliseconds); one in another database of the cluster, or a
 * rolled-back one, sends us no notice of its own.
 */
const WAIT_FIRST_MS = 2;
const WAIT_MAX_MS = 200;

interface OpenStream {
  userId: string;
  send(event: StreamEvent): void;
  end(): void;
}

export class LiveStreams {
  private readonly open = new Set<OpenStream>();
  private pending: ChangeNotice[] = [];
  private dispatching = false;
  private retry: { timer: NodeJS.Timeout; delay: number } | undefined;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeResync: () => void;

  /** `workspace`: the state with every committed write (WorkspaceCache.current). */
  constructor(
    feed: ChangeFeed,
    private readonly workspace: () => Promise<WorkspaceState>,
  ) {
    this.unsubscribe = feed.subscribe((notice) => {
      // A push of many rows commits many notices at once: one decision per tick covers them all.
      this.pending.push(notice);
      this.schedule(0);
    });
    // Changes committed while the server could not hear them: every client pulls from its checkpoint.
    this.unsubscribeResync = feed.onResync(() => {
      for (const stream of this.open) stream.send({ type: 'RESYNC' });
    });
  }

  /** Streams open now (metrics). */
  get size(): number {
    return this.open.size;
  }

  /**
   * `endsAt`: the access token's expiry — the stream ends then, and the client reconnects with a
   * fresh token (and gets RESYNC). A user deactivated or removed meanwhile has the stream ended
   * at the change.
   */
  attach(reply: FastifyReply, opts: { userId: string; endsAt: number | null }): void {
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
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // setTimeout's ceiling is 2^31-1 ms; tokens live far less, but never overflow into "now".
    const expiry =
      opts.endsAt === null
        ? undefined
        : setTimeout(() => stream.end(), Math.min(Math.max(0, opts.endsAt - Date.now()), 2 ** 31 - 1));
    const stream: OpenStream = {
      userId: opts.userId,
      send: (event) => {
        if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`);
      },
      end: () => {
        clearInterval(heartbeat);
        if (expiry !== undefined) clearTimeout(expiry);
        this.open.delete(stream);
        if (!res.writableEnded) res.end();
      },
    };
    this.open.add(stream);
    res.on('close', stream.end);
    stream.send({ type: 'RESYNC' });
  }

  /** Ends every stream (shutdown): clients reconnect elsewhere and get RESYNC there. */
  closeAll(): void {
    this.unsubscribe();
    this.unsubscribeResync();
    if (this.retry !== undefined) clearTimeout(this.retry.timer);
    this.pending = [];
    for (const stream of [...this.open]) stream.end();
  }

  /** Dispatches after `delayMs` (0: next tick), unless a dispatch is already due sooner. */
  private schedule(delayMs: number): void {
    if (this.dispatching) return;
    if (this.retry !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.retry.timer);
    }
    const delay = delayMs;
    const timer = setTimeout(() => {
      this.retry = undefined;
      void this.dispatch(delay);
    }, delayMs);
    this.retry = { timer, delay };
  }

  private async dispatch(lastDelay: number): Promise<void> {
    if (this.open.size === 0) {
      this.pending = [];
      return;
    }
    this.dispatching = true;
    let state: WorkspaceState | undefined;
    try {
      state = await this.workspace();
    } catch {
      // The store is unreachable: nobody can pull now anyway; tell everyone to pull when it is back.
      this.pending = [];
      for (const stream of this.open) stream.send({ type: 'RESYNC' });
    } finally {
      this.dispatching = false;
    }
    if (state === undefined) return;
    const horizon = state.horizon;
    const notices = this.pending.filter((n) => n.tx < horizon);
    this.pending = this.pending.filter((n) => n.tx >= horizon);
    if (this.pending.length > 0) {
      this.schedule(Math.min(WAIT_MAX_MS, Math.max(WAIT_FIRST_MS, lastDelay * 2)));
    }
    if (notices.length > 0) this.wake(state, notices);
  }

  private wake(state: WorkspaceState, notices: readonly ChangeNotice[]): void {
    const users = notices.some((n) => n.collections.includes('users'));
    const seq = Math.max(...notices.map((n) => n.seq));
    for (const stream of [...this.open]) {
      // Deactivated or removed: their stream ends with the change that did it.
      if (users && !isActiveMember(state.index.users.get(stream.userId))) {
        stream.end();
        continue;
      }
      const view = viewOf(state, stream.userId);
      const collections = new Set<CollectionName>();
      for (const notice of notices) {
        if (concerns(notice, stream.userId, view)) for (const c of notice.collections) collections.add(c);
      }
      if (collections.size > 0) stream.send({ type: 'change', collections: [...collections], seq });
    }
  }
}

function viewOf(state: WorkspaceState, userId: string): ViewOf {
  return {
    maySee: (collection, id) => maySee(state, userId, collection, id),
    inTeam: (teamId) => state.index.teams.get(teamId)?.memberIds.includes(userId) ?? false,
  };
}
