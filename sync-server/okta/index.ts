/**
 * Extended account access, composed: the outbox hook (always, so no change is ever missed), and
 * — when an Okta org is configured — the rate governor, the SDK client and a worker, woken by the
 * queue's commit notice (`OKTA_QUEUE_CHANNEL`, from any process on the database). buildApp
 * calls `createOktaSync` once and registers `oktaRoutes` with what it returns.
 *
 * The Okta API token (or service-app private key) lives only here, in server configuration:
 * it is never written to the database, a record, a log line or a response.
 */

import type { BackoffPolicy } from '../../domain/backoff';
import type { OktaConnection } from '../../domain/wire/okta-connection';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { NOT_CONFIGURED_CONNECTION, OktaConnectionMonitor } from './connection-check';
import { DriftSweeper, type SweeperOptions } from './drift-sweep';
import { createOktaApps, type OktaApps, type OktaAuth, type OktaClientConfig } from './okta-client';
import { OKTA_QUEUE_CHANNEL } from './outbox';
import { registerOutboxHook } from './outbox-hook';
import { RateGovernor } from './rate-governor';
import { OktaWorker, type WorkerOptions } from './worker';

export type { OktaAuth } from './okta-client';
export { type OktaRoutesDeps, oktaRoutes } from './routes';

export interface OktaConfig {
  orgUrl: string;
  auth: OktaAuth;
  /** Calls in flight per bucket at most, before the governor lowers it as the bucket drains. */
  maxConcurrency?: number;
  worker?: Omit<WorkerOptions, 'db' | 'repo' | 'okta' | 'launchUrl'>;
  /** Backoff between attempts of one Okta call (tests shorten it; the policy is unit-tested). */
  callBackoff?: BackoffPolicy;
  /** Clock and sleep of the rate governor (benchmarks compress time with these). */
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /** The scheduled drift sweep (drift-sweep.ts); `intervalMs: 0` turns it off. */
  sweep?: Omit<SweeperOptions, 'db' | 'repo' | 'okta' | 'launchUrl'>;
  /** Share of each rate-limit window the sweep leaves to incremental changes (rate-governor.ts). */
  backgroundReserve?: number;
  /** Observes each admission of a call by the rate governor (tests). */
  onAdmit?: ConstructorParameters<typeof RateGovernor>[0]['onAdmit'];
}

export interface OktaSync {
  configured: boolean;
  worker: OktaWorker | null;
  /** The drift sweep of this process; null without Okta or with the sweep turned off. */
  sweeper: DriftSweeper | null;
  okta: OktaApps | null;
  /** The last connection check's outcome (connection-check.ts); `not_configured` without an org. */
  connection(): OktaConnection;
  /** Checks the connection now (Refresh), joining a check under way. */
  checkConnection(): Promise<OktaConnection>;
  /** Starts the worker and the first connection check (once the server listens, so launch URLs are known). */
  start(): void;
  close(): Promise<void>;
}

export function createOktaSync(deps: {
  db: Db;
  repo: RecordsRepo;
  /** The server's public URL; chiclets open `${publicUrl}/launch/:accountId`. */
  publicUrl: () => string;
  okta?: OktaConfig | undefined;
  log?: WorkerOptions['log'];
  /** Observes every HTTP attempt to Okta (metrics); never sees headers or bodies. */
  onAttempt?: OktaClientConfig['onAttempt'];
}): OktaSync {
  const removeHook = registerOutboxHook(deps.repo);
  if (deps.okta === undefined) {
    return {
      configured: false,
      worker: null,
      sweeper: null,
      okta: null,
      connection: () => NOT_CONFIGURED_CONNECTION,
      checkConnection: async () => NOT_CONFIGURED_CONNECTION,
      start: () => undefined,
      close: async () => {
        removeHook();
      },
    };
  }
  const governor = new RateGovernor({
    maxConcurrency: deps.okta.maxConcurrency ?? 16,
    ...(deps.okta.clock ? { now: deps.okta.clock.now, sleep: deps.okta.clock.sleep } : {}),
    ...(deps.okta.backgroundReserve !== undefined ? { backgroundReserve: deps.okta.backgroundReserve } : {}),
    ...(deps.okta.onAdmit ? { onAdmit: deps.okta.onAdmit } : {}),
  });
  let monitor: OktaConnectionMonitor | null = null;
  const okta = createOktaApps({
    orgUrl: deps.okta.orgUrl,
    auth: deps.okta.auth,
    governor,
    ...(deps.okta.callBackoff ? { backoff: deps.okta.callBackoff } : {}),
    ...(deps.onAttempt ? { onAttempt: deps.onAttempt } : {}),
    onRefused: (err) => monitor?.refused(err),
  });
  // Its own client: a person waits on the answer, so two short attempts instead of the worker's
  // patient retries; the same governor, so it spends the same rate-limit buckets.
  const prober = createOktaApps({
    orgUrl: deps.okta.orgUrl,
    auth: deps.okta.auth,
    governor,
    maxAttempts: 2,
    requestTimeoutMs: 10_000,
    backoff: { baseMs: 200, capMs: 1_000 },
    ...(deps.onAttempt ? { onAttempt: deps.onAttempt } : {}),
  });
  const connection = new OktaConnectionMonitor({
    probe: () => prober.probe(),
    orgUrl: deps.okta.orgUrl,
    auth: deps.okta.auth.kind,
    ...(deps.log ? { log: deps.log } : {}),
  });
  monitor = connection;
  const launchUrl = (accountId: string) =>
    `${deps.publicUrl().replace(/\/+$/, '')}/launch/${encodeURIComponent(accountId)}`;
  const worker = new OktaWorker({
    ...deps.okta.worker,
    ...(deps.log ? { log: deps.log } : {}),
    db: deps.db,
    repo: deps.repo,
    okta,
    launchUrl,
  });
  const sweeper =
    deps.okta.sweep?.intervalMs === 0
      ? null
      : new DriftSweeper({
          ...deps.okta.sweep,
          ...(deps.log ? { log: deps.log } : {}),
          db: deps.db,
          repo: deps.repo,
          okta,
          launchUrl,
        });
  let listening: Promise<(() => Promise<void>) | null> = Promise.resolve(null);
  return {
    configured: true,
    worker,
    sweeper,
    okta,
    connection: () => connection.current(),
    checkConnection: () => connection.check(),
    start: () => {
      // Commits that queued work, in this process or another; after a lost LISTEN connection
      // comes back, notices may have been missed, so look at once. The same once the first
      // LISTEN is up: the worker's first look at the queue can come before it, and a change
      // committed in between would otherwise wait for the idle poll.
      listening = deps.db
        .listen(OKTA_QUEUE_CHANNEL, () => worker.wake(), { onUp: () => worker.wake() })
        .then((unlisten) => {
          worker.wake();
          return unlisten;
        })
        .catch((err) => {
          deps.log?.('okta queue LISTEN failed; the worker polls', { err: String(err) });
          return null;
        });
      worker.start();
      sweeper?.start();
      connection.check().catch(() => undefined);
    },
    async close() {
      removeHook();
      await (await listening)?.();
      await sweeper?.stop();
      await worker.stop();
      okta.close();
      prober.close();
    },
  };
}
