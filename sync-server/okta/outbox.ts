/**
 * The durable Okta work queue (table `okta_outbox`, migration 0200). Enqueueing runs inside the
 * transaction of the change that caused it, so a committed change always has its Okta work
 * queued and a rolled-back one never does (the transactional outbox pattern).
 *
 * Several server processes may share one PostgreSQL database: `claim` takes due rows with
 * `FOR UPDATE SKIP LOCKED` so no two workers take the same account, and leases them; a worker
 * that dies (kill -9) simply stops renewing its lease and the rows become claimable again.
 */
import type { Queryable } from '../store/db';
import { extendedAccountIds } from '../store/record-queries';

/**
 * Notified (after commit, to every process on the database) by a transaction that queued work:
 * what wakes the workers, wherever the change was made.
 */
export const OKTA_QUEUE_CHANNEL = 'latchkey_okta_queue';

export interface ClaimedJob {
  accountId: string;
  generation: number;
  attempts: number;
}

export interface SyncProgress {
  done: number;
  total: number;
  startedAt: string | null;
}

/**
 * Queues the accounts among `accountIds` that have, or should have, an Okta app: extended
 * accounts, and any account Latchkey created an app for (so un-extending or deleting removes it).
 */
export async function enqueue(tx: Queryable, accountIds: readonly string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const requested = [...new Set(accountIds)];
  const extended = await extendedAccountIds(tx, requested);
  // Only the queue's own rows: the run's progress is the workers' to count (`startRun`,
  // `complete`), so a write never waits on another write's progress.
  const rows = await tx.query<{ account_id: string }>(
    `with candidates as (
       select unnest($1::text[]) as account_id
       union
       select a.account_id from okta_apps a where a.account_id = any($2::text[])
     )
     insert into okta_outbox (account_id)
     select account_id from candidates
     on conflict (account_id) do update
       set generation = okta_outbox.generation + 1, due_at = now(), attempts = 0, enqueued_at = now()
     returning account_id`,
    [extended, requested],
  );
  if (rows.length > 0) await notifyQueued(tx);
  return rows.length;
}

/** Every account that has or should have an Okta app (feature turned back on, "sync all"). */
export async function enqueueAllExtended(tx: Queryable, restrictTo?: readonly string[]): Promise<number> {
  const extended = await extendedAccountIds(tx, restrictTo);
  const withApps = await tx.query<{ account_id: string }>(
    'select account_id from okta_apps where ($1::text[] is null or account_id = any($1::text[]))',
    [restrictTo ? [...restrictTo] : null],
  );
  return enqueue(tx, [...extended, ...withApps.map((r) => r.account_id)]);
}

export async function claim(db: Queryable, workerId: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  const rows = await db.query<{ account_id: string; generation: number; attempts: number }>(
    `with picked as (
       select account_id from okta_outbox
        where due_at <= now() and (claimed_until is null or claimed_until < now())
        order by due_at, account_id
        limit $1
        for update skip locked
     )
     update okta_outbox o
        set claimed_by = $2, claimed_until = now() + ($3::double precision * interval '1 millisecond')
       from picked
      where o.account_id = picked.account_id
     returning o.account_id, o.generation, o.attempts`,
    [limit, workerId, leaseMs],
  );
  return rows.map((r) => ({ accountId: r.account_id, generation: Number(r.generation), attempts: r.attempts }));
}

/** Wakes the workers of every process once `q`'s transaction commits (at once outside one). */
export async function notifyQueued(q: Queryable): Promise<void> {
  await q.query('select pg_notify($1, $2)', [OKTA_QUEUE_CHANNEL, '']);
}

/**
 * How long until a row becomes claimable (0 if one is now), or null with none queued: a retry
 * after backoff, or a row whose worker stopped renewing its lease.
 */
export async function nextClaimableInMs(q: Queryable): Promise<number | null> {
  const [row] = await q.query<{ ms: number | null }>(
    // min() over no rows is null, and greatest() skips nulls: test for it before clamping at 0.
    `select case when t.at is null then null
                 else greatest(0, extract(epoch from (t.at - now())) * 1000)::float8 end as ms
       from (select min(greatest(due_at, coalesce(claimed_until, due_at))) as at from okta_outbox) as t`,
  );
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
}

/** Extends the lease of every row this worker holds (work waiting on a rate-limit reset). */
export async function renewLeases(db: Queryable, workerId: string, leaseMs: number): Promise<void> {
  await db.query(
    `update okta_outbox set claimed_until = now() + ($2::double precision * interval '1 millisecond')
      where claimed_by = $1`,
    [workerId, leaseMs],
  );
}

/** Slots of `okta_sync_done` (migration 0203): finishing workers rarely share one. */
const DONE_SLOTS = 64;

/**
 * Done: removes the row unless a newer change re-queued the account meanwhile, and counts it in
 * the run's progress in the same transaction (its slot of `okta_sync_done`), so done + queued
 * stays the run's total at every moment.
 */
export async function complete(tx: Queryable, workerId: string, job: ClaimedJob): Promise<void> {
  const deleted = await tx.query(
    'delete from okta_outbox where account_id = $1 and generation = $2 and claimed_by = $3 returning account_id',
    [job.accountId, job.generation, workerId],
  );
  if (deleted.length > 0) {
    await tx.query(`update okta_sync_done set done = done + 1 where slot = abs(hashtext($1)) % ${DONE_SLOTS}`, [
      job.accountId,
    ]);
  } else {
    await tx.query(
      'update okta_outbox set claimed_by = null, claimed_until = null where account_id = $1 and claimed_by = $2',
      [job.accountId, workerId],
    );
  }
}

/**
 * A worker claimed work: a run starts unless one is under way (its count back to 0). Written,
 * and so locked, only when a run starts.
 */
export async function startRun(q: Queryable): Promise<void> {
  await q.query(
    `with started as (
       update okta_sync_progress set running = true, started_at = now() where id = 1 and not running returning id)
     update okta_sync_done set done = 0 where exists (select 1 from started)`,
  );
}

/** The queue is empty: the run is over (its figures stay for the status until the next one). */
export async function endRunIfIdle(q: Queryable): Promise<void> {
  await q.query(
    'update okta_sync_progress set running = false where id = 1 and running and not exists (select 1 from okta_outbox)',
  );
}

/** Failed: retry after `delayMs`, or at once if a newer change arrived meanwhile. */
export async function fail(
  db: Queryable,
  workerId: string,
  job: ClaimedJob,
  delayMs: number,
  error: string,
): Promise<void> {
  await db.query(
    `update okta_outbox
        set attempts = attempts + 1, claimed_by = null, claimed_until = null, last_error = $4,
            due_at = case when generation = $2 then now() + ($3::double precision * interval '1 millisecond') else now() end
      where account_id = $1 and claimed_by = $5`,
    [job.accountId, job.generation, delayMs, error.slice(0, 2000), workerId],
  );
}

/**
 * The run's progress and how many accounts are queued, read in one statement: one moment, never
 * the progress from before a run started beside the queue from after. A run's total is what it
 * finished plus what is queued; queued work no worker has claimed yet is a run of its own.
 */
export async function readRunState(q: Queryable): Promise<{ progress: SyncProgress; pending: number }> {
  const [row] = await q.query<{ done: number; running: boolean; started_at: string | null; pending: number }>(
    `select (select coalesce(sum(done), 0) from okta_sync_done)::int as done, running, started_at,
            (select count(*) from okta_outbox)::int as pending
       from okta_sync_progress where id = 1`,
  );
  const done = row?.done ?? 0;
  const pending = row?.pending ?? 0;
  const startedAt = row?.started_at ?? null;
  const progress: SyncProgress = row?.running
    ? { done, total: done + pending, startedAt }
    : pending > 0
      ? { done: 0, total: pending, startedAt: null }
      : { done, total: done, startedAt };
  return { progress, pending };
}
