/**
 * Liveness and readiness, for load balancers and orchestrators.
 *
 * - `GET /healthz`: the process answers HTTP. Nothing else is checked, so a restart is never
 *   triggered by a database outage a restart would not cure.
 * - `GET /readyz`: this process can serve: the store answers a query, every migration this code
 *   ships is recorded in `schema_migrations`, the connection that announces commits (LISTEN) is
 *   up, so live streams hear changes, and — when Okta is configured — the Okta worker's
 *   loop has moved recently. 503 `{ status: 'unready', reasons }` names each failing check, so a
 *   balancer takes the process out of rotation and an operator sees why.
 * - When Okta is configured, both answers carry `okta`: the last connection check's state
 *   (okta/connection-check.ts), as detail only. An Okta outage or a revoked token does not make
 *   the process unready: replication, SCIM and launches work without Okta, Okta work stays queued
 *   until it is back, and every process shares the same org, so taking them out of rotation
 *   would only stop what still works.
 *
 * Both are public and carry no data beyond the names of checks and migrations.
 */
import type { FastifyInstance } from 'fastify';
import type { OktaConnection } from '../../domain/wire/okta-connection';
import type { Queryable } from '../store/db';
import { missingMigrations } from '../store/migrate';

/** A store that does not answer within this is as good as down for a request. */
const STORE_TIMEOUT_MS = 2_000;
/**
 * The worker passes its loop at least once per idle poll (5 s by default) and finishes
 * accounts one by one while busy; an Okta call waits at most its timeout (30 s) plus the rate
 * governor's wait. Silence for this long, and at least this many polls, means the loop is stuck.
 */
export const WORKER_WEDGED_AFTER_MS = 120_000;
export const WORKER_WEDGED_AFTER_POLLS = 24;

export interface WorkerHeartbeat {
  heartbeat(): { lastBeatMs: number; idlePollMs: number; running: boolean };
}

export interface ReadinessDeps {
  db: Queryable;
  /** The Okta worker when Okta is configured; null otherwise (nothing to check). */
  worker: WorkerHeartbeat | null;
  /** The store connection that announces commits to live streams and other processes. */
  feed: { readonly connected: boolean };
  /** The Okta connection check when Okta is configured; reported, never a reason to be unready. */
  okta?: (() => OktaConnection) | null;
  nowMs?: () => number;
}

/** What `/readyz` says of Okta: no message (it names the org) — the status panel has that. */
export type OktaDetail = Pick<OktaConnection, 'state' | 'checkedAt' | 'httpStatus' | 'oktaErrorCode' | 'scopes'>;

export type Readiness = ({ status: 'ready' } | { status: 'unready'; reasons: string[] }) & { okta?: OktaDetail };

export async function readiness(deps: ReadinessDeps): Promise<Readiness> {
  const reasons: string[] = [];
  try {
    const missing = await withTimeout(missingMigrations(deps.db), STORE_TIMEOUT_MS);
    if (missing.length > 0) reasons.push(`migrations not applied: ${missing.join(', ')}`);
  } catch (err) {
    reasons.push(`store unreachable: ${storeProblem(err)}`);
  }
  if (!deps.feed.connected) reasons.push('change feed not listening: live updates paused until the store is back');
  if (deps.worker !== null) {
    const beat = deps.worker.heartbeat();
    const silentMs = (deps.nowMs ?? Date.now)() - beat.lastBeatMs;
    const limitMs = Math.max(WORKER_WEDGED_AFTER_MS, WORKER_WEDGED_AFTER_POLLS * beat.idlePollMs);
    if (!beat.running) reasons.push('okta worker not running');
    else if (silentMs > limitMs) reasons.push(`okta worker wedged: no progress for ${Math.round(silentMs / 1000)} s`);
  }
  const result: Readiness = reasons.length === 0 ? { status: 'ready' } : { status: 'unready', reasons };
  if (deps.okta) {
    const { state, checkedAt, httpStatus, oktaErrorCode, scopes } = deps.okta();
    result.okta = { state, checkedAt, httpStatus, oktaErrorCode, scopes };
  }
  return result;
}

export function registerHealthRoutes(app: FastifyInstance, deps: ReadinessDeps): void {
  // `ok: true` stays for callers written before `status` (scripts, tests, the demo).
  app.get('/healthz', async () => ({ status: 'ok', ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const result = await readiness(deps);
    reply.header('cache-control', 'no-store');
    return reply.code(result.status === 'ready' ? 200 : 503).send(result);
  });
}

/** The driver's message names the failure (connection refused, terminated); never a password. */
function storeProblem(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  // A URL in a message could carry credentials; keep the first line, without anything URL-like.
  const line = (message.split('\n')[0] ?? '').replace(/\b\w+:\/\/\S+/g, '[url]').slice(0, 200);
  return typeof code === 'string' ? `${line} (${code})` : line;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
