/**
 * The scheduled drift sweep: every `intervalMs` (default 6 h) one server process reconciles every
 * extended account against Okta, so drift an Okta admin made (an extra user, a group, a label,
 * a deactivated or deleted app) is overwritten even when nothing changes in Latchkey.
 *
 * It spends only spare rate-limit budget: all its calls are background calls (call-priority.ts),
 * which the rate governor admits only when no incremental change waits for the same bucket and
 * more than a reserve is left of the window. It reads with the fewest calls: the org's bookmark
 * apps in pages of 200 (instead of one `GET /apps/{id}` each), then each app's users and groups;
 * an app missing from the list is confirmed with a `GET` before it counts as deleted, since
 * Okta's lists may lag behind a create.
 *
 * An account with a change queued is left to the outbox (its pass overwrites drift too). To fix
 * an account, the sweep holds it in the outbox (a row claimed by the sweep, as a worker claims),
 * so no worker reconciles it at the same time; a change that arrives meanwhile re-queues it.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { findDrift, type SweepSummary } from '../../domain/okta-drift';
import { type DesiredApp, projectOkta } from '../../domain/okta-projection';
import type { Db, Queryable } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { readWorkspace } from '../workspace/workspace-reader';
import { type AppLink, appliedLabels, readAllLinks, readLink } from './app-links';
import { inBackground } from './call-priority';
import { recordDrift, recordSweep } from './drift-audit';
import type { OktaApps } from './okta-client';
import { notifyQueued, renewLeases } from './outbox';
import { type ReadState, readAssignments, reconcileAccount } from './reconcile-account';
import { dropLease, finishSweep, renewLease, takeLease } from './sweep-lease';
import { writeStatus } from './sync-status';

export const DEFAULT_SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface SweeperOptions {
  db: Db;
  repo: RecordsRepo;
  okta: OktaApps;
  launchUrl: (accountId: string) => string;
  /** Time between the starts of two sweeps, across every process sharing the database. */
  intervalMs?: number;
  /** How often each process looks whether a sweep is due (default a minute, or the interval if shorter). */
  checkEveryMs?: number;
  leaseMs?: number;
  /** Accounts read at once (the governor still caps calls per bucket). */
  concurrency?: number;
  id?: string;
  now?: () => Date;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  /** Told when a sweep ends (tests, benchmarks). */
  onSwept?: (summary: SweepSummary) => void;
}

interface Candidate {
  accountId: string;
  read: ReadState;
  found: number;
}

export class DriftSweeper {
  readonly id: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepSummary | null> | null = null;
  private stopped = false;
  private readonly o: Required<Omit<SweeperOptions, 'log' | 'onSwept'>> & Pick<SweeperOptions, 'log' | 'onSwept'>;

  constructor(opts: SweeperOptions) {
    const intervalMs = opts.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.o = {
      intervalMs,
      checkEveryMs: Math.min(60_000, intervalMs),
      leaseMs: 60_000,
      concurrency: 16,
      id: `sweep-${randomUUID()}`,
      now: () => new Date(),
      ...opts,
    };
    this.id = this.o.id;
  }

  start(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = setInterval(() => void this.sweep(false), this.o.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => null);
  }

  /**
   * Sweeps now if this process can take the lease (`force` skips the interval, not the lease).
   * Resolves with the sweep's figures, or null when another process holds the lease, the
   * feature is off, or this process is already sweeping (then with that sweep's figures).
   */
  sweep(force = true): Promise<SweepSummary | null> {
    if (this.running !== null) return this.running;
    if (this.stopped) return Promise.resolve(null);
    this.running = this.run(force)
      .catch((err) => {
        this.o.log?.('okta drift sweep failed', { err: String(err) });
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(force: boolean): Promise<SweepSummary | null> {
    const { db, leaseMs, intervalMs } = this.o;
    if (!(await takeLease(db, this.id, leaseMs, intervalMs, force))) return null;
    // The sweep's lease, and the outbox rows it holds while it fixes them (a fix waits on spare budget).
    const renew = setInterval(
      () =>
        void Promise.all([renewLease(db, this.id, leaseMs), renewLeases(db, this.id, leaseMs)]).catch(() => undefined),
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const summary: SweepSummary = { accounts: 0, driftFound: 0, driftFixed: 0, apiCalls: 0 };
    try {
      const ws = await readWorkspace(db);
      if (!ws.settings.extendedAccessEnabled) {
        // The feature off freezes Okta as it is: nothing is overwritten.
        await dropLease(db, this.id);
        return null;
      }
      await inBackground(
        () => this.sweepAccounts(summary),
        () => {
          summary.apiCalls += 1;
        },
      );
      await db.transaction(async (tx) => {
        await recordSweep(tx, summary);
        await finishSweep(tx, this.id, { summary, error: null });
      });
      this.o.log?.('okta drift sweep done', { ...summary });
      this.o.onSwept?.(summary);
      return summary;
    } catch (err) {
      await finishSweep(db, this.id, { summary, error: String(err).slice(0, 2000) }).catch(() => undefined);
      throw err;
    } finally {
      clearInterval(renew);
    }
  }

  private async sweepAccounts(summary: SweepSummary): Promise<void> {
    const { db, okta } = this.o;
    const listed = new Map((await okta.listBookmarkApps()).map((a) => [a.appId, a]));
    const [desired, links, queued] = await Promise.all([this.project(db), readAllLinks(db), queuedAccounts(db)]);
    const limit = pLimit(this.o.concurrency);
    const candidates: Candidate[] = [];
    await Promise.all(
      [...links.values()].map((link) =>
        limit(async () => {
          const want = desired.get(link.accountId);
          // Not yet created, being removed, or with a change queued: the outbox's pass handles it.
          if (link.appId === null || want === undefined || queued.has(link.accountId)) return;
          summary.accounts += 1;
          const app = listed.get(link.appId) ?? (await okta.getApp(link.appId));
          const read = await readAssignments(okta, link, app, want, 'always');
          // A change applied or queued while Okta was read is the outbox's: its pass compares
          // Okta with what it applied, and reports any drift itself.
          if (!(await unchangedSince(db, link))) return;
          const drift = findDrift(want, applied(link), read.actual, (id) => read.userNames.get(id) ?? id);
          if (drift.length === 0) return;
          summary.driftFound += drift.length;
          candidates.push({ accountId: link.accountId, read, found: drift.length });
        }),
      ),
    );
    if (candidates.length > 0) summary.driftFixed += await this.fix(candidates);
  }

  /** Fixes the accounts it can hold in the outbox; returns how many drifts it overwrote. */
  private async fix(candidates: readonly Candidate[]): Promise<number> {
    const { db, okta, repo } = this.o;
    const held = await hold(
      db,
      this.id,
      candidates.map((c) => c.accountId),
      this.o.leaseMs,
    );
    // What Latchkey wants is read after the accounts are held: a change made since is in it.
    const desired = await this.project(db);
    let fixed = 0;
    const limit = pLimit(this.o.concurrency);
    await Promise.all(
      candidates
        .filter((c) => held.has(c.accountId))
        .map((c) =>
          limit(async () => {
            const generation = held.get(c.accountId) ?? 0;
            const want = desired.get(c.accountId) ?? null;
            try {
              const result = await reconcileAccount(db, okta, c.accountId, want, c.read);
              await db.transaction(async (tx) => {
                await recordDrift(tx, c.accountId, result.drift);
                await writeStatus(tx, repo, c.accountId, {
                  outcome: want === null ? 'removed' : 'synced',
                  oktaAppId: result.appId,
                  lastError: null,
                  at: this.o.now().toISOString(),
                });
                await release(tx, this.id, c.accountId, generation, true);
              });
              fixed += result.drift.length;
            } catch (err) {
              this.o.log?.('okta drift sweep could not fix an account', { accountId: c.accountId, err: String(err) });
              // Left queued for the worker, which retries with its backoff and reports errors.
              await release(db, this.id, c.accountId, generation, false);
            }
          }),
        ),
    );
    return fixed;
  }

  private async project(db: Queryable): Promise<Map<string, DesiredApp>> {
    const ws = await readWorkspace(db);
    const apps = projectOkta(ws, { launchUrl: this.o.launchUrl, currentLabels: await appliedLabels(db) });
    return new Map(apps.map((d) => [d.accountId, d]));
  }
}

function applied(link: AppLink) {
  return { appId: link.appId, label: link.label, url: link.url, assignees: link.assignees ?? null };
}

/** The account still has the link it had, and no change queued. */
async function unchangedSince(q: Queryable, link: AppLink): Promise<boolean> {
  const [row] = await q.query<{ queued: boolean }>(
    'select exists (select 1 from okta_outbox where account_id = $1) as queued',
    [link.accountId],
  );
  if (row?.queued !== false) return false;
  const now = await readLink(q, link.accountId);
  return (
    now !== null &&
    now.appId === link.appId &&
    now.label === link.label &&
    now.url === link.url &&
    JSON.stringify(now.assignees ?? null) === JSON.stringify(link.assignees ?? null)
  );
}

async function queuedAccounts(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<{ account_id: string }>('select account_id from okta_outbox');
  return new Set(rows.map((r) => r.account_id));
}

/**
 * Holds accounts in the outbox for the sweep: a row claimed by it, inserted only where none is
 * (an account with a change queued stays the worker's). Returns the held rows' generations.
 */
async function hold(db: Queryable, holder: string, accountIds: readonly string[], leaseMs: number) {
  const rows = await db.query<{ account_id: string; generation: number }>(
    `insert into okta_outbox (account_id, claimed_by, claimed_until)
     select id, $2, now() + ($3::double precision * interval '1 millisecond') from unnest($1::text[]) as t(id)
     on conflict (account_id) do nothing
     returning account_id, generation`,
    [[...accountIds], holder, leaseMs],
  );
  return new Map(rows.map((r) => [r.account_id, Number(r.generation)]));
}

/**
 * Gives a held account back: removed when fixed and no change arrived meanwhile; otherwise left
 * for a worker at once (a change re-queued it, or the fix failed).
 */
async function release(q: Queryable, holder: string, accountId: string, generation: number, fixed: boolean) {
  if (fixed) {
    const gone = await q.query(
      'delete from okta_outbox where account_id = $1 and generation = $2 and claimed_by = $3 returning account_id',
      [accountId, generation, holder],
    );
    if (gone.length > 0) return;
  }
  const left = await q.query(
    'update okta_outbox set claimed_by = null, claimed_until = null, due_at = now() where account_id = $1 and claimed_by = $2 returning account_id',
    [accountId, holder],
  );
  if (left.length > 0) await notifyQueued(q);
}
