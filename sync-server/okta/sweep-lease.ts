/**
 * The drift sweep's lease and report (table `okta_sweep`, migration 0201). Several server
 * processes may share one PostgreSQL database; each runs a `DriftSweeper`, and `takeLease` lets
 * exactly one of them start a sweep per interval: one conditional update, true only for the
 * process whose update changed the row. A sweeping process renews the lease while it works; if
 * it is killed the lease lapses and another process may sweep at its next look.
 */
import type { SweepSummary } from '../../domain/okta-drift';
import type { Queryable } from '../store/db';

export interface SweepReport extends SweepSummary {
  running: boolean;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastError: string | null;
}

/**
 * Takes the lease if it is free (or lapsed) and, unless `force`, the last sweep started at least
 * `intervalMs` ago. Marks the sweep started.
 */
export async function takeLease(
  q: Queryable,
  holder: string,
  leaseMs: number,
  intervalMs: number,
  force: boolean,
): Promise<boolean> {
  const rows = await q.query<{ id: number }>(
    `update okta_sweep
        set leased_by = $1, leased_until = now() + ($2::double precision * interval '1 millisecond'),
            last_started_at = now()
      where id = 1
        and (leased_until is null or leased_until < now())
        and ($4 or last_started_at is null
             or last_started_at <= now() - ($3::double precision * interval '1 millisecond'))
      returning id`,
    [holder, leaseMs, intervalMs, force],
  );
  return rows.length > 0;
}

export async function renewLease(q: Queryable, holder: string, leaseMs: number): Promise<void> {
  await q.query(
    `update okta_sweep set leased_until = now() + ($2::double precision * interval '1 millisecond')
      where id = 1 and leased_by = $1`,
    [holder, leaseMs],
  );
}

/** Ends the sweep: its figures (or why it stopped), and the lease freed. */
export async function finishSweep(
  q: Queryable,
  holder: string,
  outcome: { summary: SweepSummary; error: string | null },
): Promise<void> {
  const s = outcome.summary;
  await q.query(
    `update okta_sweep
        set leased_by = null, leased_until = null, last_finished_at = now(),
            accounts = $2, drift_found = $3, drift_fixed = $4, api_calls = $5, last_error = $6
      where id = 1 and leased_by = $1`,
    [holder, s.accounts, s.driftFound, s.driftFixed, s.apiCalls, outcome.error],
  );
}

/** Gives the lease back without a report (nothing was swept: the feature is off). */
export async function dropLease(q: Queryable, holder: string): Promise<void> {
  await q.query('update okta_sweep set leased_by = null, leased_until = null where id = 1 and leased_by = $1', [
    holder,
  ]);
}

export async function readSweepReport(q: Queryable): Promise<SweepReport> {
  const [r] = await q.query<{
    running: boolean;
    last_started_at: string | null;
    last_finished_at: string | null;
    accounts: number;
    drift_found: number;
    drift_fixed: number;
    api_calls: number;
    last_error: string | null;
  }>(
    `select (leased_until is not null and leased_until >= now()) as running,
            to_char(last_started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_started_at,
            to_char(last_finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_finished_at,
            accounts, drift_found, drift_fixed, api_calls, last_error
       from okta_sweep where id = 1`,
  );
  return {
    running: r?.running ?? false,
    lastStartedAt: r?.last_started_at ?? null,
    lastFinishedAt: r?.last_finished_at ?? null,
    accounts: r?.accounts ?? 0,
    driftFound: r?.drift_found ?? 0,
    driftFixed: r?.drift_fixed ?? 0,
    apiCalls: r?.api_calls ?? 0,
    lastError: r?.last_error ?? null,
  };
}
