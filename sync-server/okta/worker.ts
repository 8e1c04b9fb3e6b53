/**
 * The Okta worker: claims queued accounts, reconciles each against Okta, records the outcome.
 * Every server process may run one; they share the queue through `FOR UPDATE SKIP LOCKED`
 * (outbox.ts). Rate limits are shared per process by the one `RateGovernor` behind `okta`.
 *
 * While Extended account access is off, Okta is frozen as it is (extended-account-access.md:
 * turning it off stops updates): queued updates are dropped — turning the feature back on
 * queues every extended account again — except removals, which still run so an admin can
 * take everything out of Okta ("remove all extended accounts") with the feature off.
 *
 * It looks at the queue when woken (`wake`: a transaction that queued work committed, in any
 * process) and, when idle, sleeps until the next row becomes claimable (a retry after backoff, a
 * lease that ran out) or the idle poll, whichever comes first: the poll only backs up a missed
 * notice, it is never what makes a retry wait.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { fullJitterMs } from '../../domain/backoff';
import { type DesiredApp, projectOkta } from '../../domain/okta-projection';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { readWorkspace } from '../workspace/workspace-reader';
import { appliedLabels } from './app-links';
import { recordDrift } from './drift-audit';
import { type OktaApps, toOktaCallError } from './okta-client';
import {
  type ClaimedJob,
  claim,
  complete,
  endRunIfIdle,
  fail,
  nextClaimableInMs,
  renewLeases,
  startRun,
} from './outbox';
import { reconcileAccount } from './reconcile-account';
import { describeFailure, isTransient, writeStatus } from './sync-status';

export interface WorkerOptions {
  db: Db;
  repo: RecordsRepo;
  okta: OktaApps;
  launchUrl: (accountId: string) => string;
  workerId?: string;
  /** Accounts reconciled at once (the governor still caps calls per bucket). */
  accountConcurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  /** The longest idle sleep: a safety net for a missed wake-up (a lost LISTEN connection). */
  idlePollMs?: number;
  now?: () => Date;
  random?: () => number;
  /**
   * Backoff before a failed account is tried again: `capMs` for a passing fault (5xx, network,
   * 429), `permanentCapMs` for a refusal that needs a person (a bad token, say).
   */
  retryBackoff?: { baseMs: number; capMs: number; permanentCapMs: number };
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

const MIN_IDLE_MS = 10;

export class OktaWorker {
  readonly id: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  /** A wake-up came since the last claim began: the next idle must not sleep through it. */
  private woken = false;
  private renewTimer: NodeJS.Timeout | null = null;
  private lastBeatMs = Date.now();
  private readonly o: Required<Omit<WorkerOptions, 'log'>> & Pick<WorkerOptions, 'log'>;

  constructor(opts: WorkerOptions) {
    this.o = {
      workerId: `okta-${randomUUID()}`,
      accountConcurrency: 16,
      batchSize: 64,
      leaseMs: 15_000,
      idlePollMs: 5_000,
      now: () => new Date(),
      random: Math.random,
      retryBackoff: { baseMs: 500, capMs: 60_000, permanentCapMs: 300_000 },
      ...opts,
    };
    this.id = this.o.workerId;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.renewTimer = setInterval(
      () => {
        renewLeases(this.o.db, this.id, this.o.leaseMs).catch((err) =>
          this.o.log?.('okta lease renewal failed', { err: String(err) }),
        );
      },
      Math.max(50, Math.floor(this.o.leaseMs / 3)),
    );
    this.loop = this.run();
  }

  /**
   * When the loop last showed it is moving (real time, epoch ms): every pass of the loop — at
   * least once per idle poll while the queue is empty — and every account finished in a batch.
   * Readiness calls the worker wedged when this is much older than the poll interval.
   */
  heartbeat(): { lastBeatMs: number; idlePollMs: number; running: boolean } {
    return { lastBeatMs: this.lastBeatMs, idlePollMs: this.o.idlePollMs, running: this.running };
  }

  /** Ask the loop to look at the queue now (called after a change was committed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.lastBeatMs = Date.now();
      let jobs: ClaimedJob[] = [];
      this.woken = false;
      try {
        jobs = await claim(this.o.db, this.id, this.o.batchSize, this.o.leaseMs);
        if (jobs.length > 0) {
          // Progress only tells people: failing to record it must not hold the claimed accounts.
          await startRun(this.o.db).catch((err: unknown) =>
            this.o.log?.('okta sync run could not be started', { err: String(err) }),
          );
          await this.processBatch(jobs);
        }
      } catch (err) {
        this.o.log?.('okta worker pass failed', { err: String(err) });
      }
      if (jobs.length === 0 && this.running) await this.idle();
    }
  }

  private async idle(): Promise<void> {
    const next = await nextClaimableInMs(this.o.db).catch(() => null);
    // Nothing queued at all (not even a row backing off): the run, if one was under way, is over.
    if (next === null) await endRunIfIdle(this.o.db).catch(() => undefined);
    // A row claimable now that the claim skipped is locked by a transaction about to end: a
    // short pause instead of a spin.
    const sleepMs = Math.max(MIN_IDLE_MS, Math.min(next ?? this.o.idlePollMs, this.o.idlePollMs));
    if (this.woken || !this.running) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, sleepMs);
      this.wakeUp = done;
    });
  }

  private async processBatch(jobs: ClaimedJob[]): Promise<void> {
    const ws = await readWorkspace(this.o.db);
    const desired = new Map<string, DesiredApp>(
      projectOkta(ws, { launchUrl: this.o.launchUrl, currentLabels: await appliedLabels(this.o.db) }).map((d) => [
        d.accountId,
        d,
      ]),
    );
    const frozen = !ws.settings.extendedAccessEnabled;
    const limit = pLimit(this.o.accountConcurrency);
    // Progress needs no write of its own: `complete` counts each account done, in the
    // transaction that removes it from the queue, where `GET /api/v1/okta/status` reads it.
    await Promise.all(
      jobs.map((job) =>
        limit(async () => {
          const want = desired.get(job.accountId) ?? null;
          if (frozen && want !== null) {
            await this.o.db.transaction((tx) => complete(tx, this.id, job));
            return;
          }
          await this.processJob(job, want);
          this.lastBeatMs = Date.now();
        }),
      ),
    );
  }

  private async processJob(job: ClaimedJob, want: DesiredApp | null): Promise<void> {
    try {
      const result = await reconcileAccount(this.o.db, this.o.okta, job.accountId, want);
      const at = this.o.now().toISOString();
      await this.o.db.transaction(async (tx) => {
        await recordDrift(tx, job.accountId, result.drift);
        await writeStatus(tx, this.o.repo, job.accountId, {
          outcome: want === null ? 'removed' : 'synced',
          oktaAppId: result.appId,
          lastError: null,
          at,
        });
        await complete(tx, this.id, job);
      });
    } catch (err) {
      const e = toOktaCallError(`sync account ${job.accountId}`, err);
      const transient = isTransient(e);
      const { baseMs, capMs, permanentCapMs } = this.o.retryBackoff;
      const delay = fullJitterMs(
        job.attempts + 1,
        { baseMs, capMs: transient ? capMs : permanentCapMs },
        this.o.random,
      );
      this.o.log?.('okta sync failed', {
        accountId: job.accountId,
        code: e.code,
        status: e.status,
        attempt: job.attempts + 1,
      });
      await fail(this.o.db, this.id, job, delay, e.message);
      // A passing fault shows as an error only once it has persisted over a few attempts.
      if (!transient || job.attempts + 1 >= 3) {
        await this.o.db.transaction((tx) =>
          writeStatus(tx, this.o.repo, job.accountId, {
            outcome: 'error',
            lastError: describeFailure(e),
            at: this.o.now().toISOString(),
          }),
        );
      }
    }
  }
}
