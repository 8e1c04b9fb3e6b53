/**
 * Planner statistics for PGlite. PGlite is PostgreSQL in single-user mode: no autovacuum
 * daemon, so nothing ever ANALYZEs and the planner guesses. With no statistics it takes a
 * 20,000-row pull for 2 rows and sorts every remaining row to return a page of 2,000 (65 ms a
 * page instead of 6 ms on 20,000 accounts). This applies autovacuum's analyze rule (PostgreSQL
 * docs, "Routine Vacuuming", §24.1.6: analyze once changes exceed autovacuum_analyze_threshold
 * 50 + autovacuum_analyze_scale_factor 0.1 × rows), counting changes by the global write
 * sequence: every write and re-sequencing of `records` takes one. PostgreSQL needs none of this.
 */
import type { Db } from './db';

const THRESHOLD = 50;
const SCALE_FACTOR = 0.1;

export interface AutoAnalyze {
  /** Analyzes if enough changed since the last time; true when it did. */
  tick(): Promise<boolean>;
  /** Stops the timer and waits for an analyze in progress (the database closes next). */
  stop(): Promise<void>;
}

export function startAutoAnalyze(
  db: Db,
  opts: { intervalMs: number; log: (message: string, err: unknown) => void },
): AutoAnalyze {
  let analyzedAt: { seq: number; rows: number } | null = null;
  let running: Promise<boolean> | null = null;
  const check = async (): Promise<boolean> => {
    const [head] = await db.query<{ seq: number | null }>('select max(seq) as seq from records');
    const seq = head?.seq ?? 0;
    if (analyzedAt !== null && seq - analyzedAt.seq <= THRESHOLD + SCALE_FACTOR * analyzedAt.rows) return false;
    await db.query('analyze');
    const [stats] = await db.query<{ rows: number }>(
      "select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'records'::regclass",
    );
    analyzedAt = { seq, rows: stats?.rows ?? 0 };
    return true;
  };
  const tick = (): Promise<boolean> => {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  };
  const timer =
    db.kind === 'pglite'
      ? setInterval(() => tick().catch((err) => opts.log('[store] analyze failed', err)), opts.intervalMs)
      : undefined;
  // A timer must not keep a process alive that has nothing else to do.
  timer?.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      // A failure was already logged by the timer; only the wait matters here.
      await running?.catch(() => undefined);
    },
  };
}
