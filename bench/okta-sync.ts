/**
 * `npm run bench -- okta-sync`: Extended account access against the Okta simulator with
 * Okta's default (Workforce) rate limits.
 *
 * 1. First sync of ACCOUNTS accounts × USERS assigned users. Every call lands in Okta's
 *    `/api/v1/apps*` bucket (100 per minute: creates and assignments share it,
 *    developer.okta.com/docs/reference/rl-global-mgmt/), so the floor — the least time Okta
 *    allows — is (⌈calls / limit⌉ − 1) windows of one minute. That is 3.5 hours for 21,000
 *    calls, so this phase runs on a virtual clock shared by the simulator's rate limiter and the
 *    server's rate governor, TIME_SCALE times faster than real time (default 30: one Okta minute
 *    per two real seconds, slow enough that this machine's CPU is not what binds). Limits, windows, headers and 429s are Okta's; only the clock is faster.
 *    Wall time and floor are reported in Okta (virtual) seconds.
 * 2. Incremental propagation on the real clock: a share is written (as a replica's push would),
 *    and the time until the simulator shows the new assignment is measured, SAMPLES times.
 * 3. The drift sweep over the synced accounts (see sweepPhases): its calls against the least
 *    possible, its Okta time, and 5 % of the apps drifted in Okta, all fixed by one sweep.
 *
 * Every Management API exchange of every phase is checked against Okta's published OpenAPI
 * description as it happens (dev/okta-contract/okta-contract.ts): `contract_exchanges` counted,
 * `contract_violations` found (each printed to stderr), which must be 0.
 */
import { performance } from 'node:perf_hooks';
import { type ContractRecorder, OktaContract, recordContract } from '../dev/okta-contract/okta-contract';
import { eventually } from '../dev/stack/eventually';
import { oktaUserId } from '../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../dev/stack/okta-stack';
import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../dev/stack/workspace-factory';
import { minimumSweepCalls } from '../domain/okta-drift';
import { minimumFirstSyncCalls } from '../domain/okta-plan';
import type { Account, Share, User } from '../domain/records';
import { DEFAULT_RATE_LIMITS } from '../okta-sim/api/rate-limit';
import { readRunState } from '../sync-server/okta/outbox';

const ACCOUNTS = Number(process.env.OKTA_BENCH_ACCOUNTS ?? 1000);
const USERS = Number(process.env.OKTA_BENCH_USERS ?? 20);
const TIME_SCALE = Number(process.env.OKTA_BENCH_TIME_SCALE ?? 30);
const SAMPLES = Number(process.env.OKTA_BENCH_SAMPLES ?? 40);
const WINDOW_MS = 60_000;
const EXTRA_OKTA_USERS = 5;
const DRIFT_SHARE = 0.05;

export default async function oktaSync(): Promise<Record<string, number | string>> {
  const first = await firstSync();
  const incremental = await incrementalPropagation();
  return { ...first, ...incremental, ...contractFigures() };
}

const contractRecorders: ContractRecorder[] = [];

/** Checks every exchange of `stack` against Okta's spec from now on (see contractFigures). */
async function watchContract(stack: OktaStack): Promise<void> {
  contractRecorders.push(recordContract(stack.sim, await OktaContract.load()));
}

function contractFigures(): Record<string, number> {
  const violations = contractRecorders.flatMap((r) => r.violations);
  for (const v of violations) console.error(`contract violation: ${v.operation} ${v.side} ${v.status}: ${v.message}`);
  return {
    contract_exchanges: contractRecorders.reduce((n, r) => n + r.exchanges, 0),
    contract_violations: violations.length,
  };
}

function workspaceUsers(count: number): User[] {
  return Array.from({ length: count }, (_, i) =>
    makeUser({ id: `u${i + 1}`, userName: `user${i + 1}@example.com`, externalId: oktaUserId(i + 1) }),
  );
}

async function firstSync(): Promise<Record<string, number | string>> {
  const realStart = performance.now();
  const virtualStart = Date.now();
  const vnow = () => virtualStart + (performance.now() - realStart) * TIME_SCALE;
  const clock = {
    now: vnow,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms / TIME_SCALE))),
  };

  const stack = await startOktaStack({
    // Okta users beyond the workspace's: the drift phase assigns some of them behind Latchkey's back.
    users: USERS + EXTRA_OKTA_USERS,
    sim: { now: () => new Date(vnow()) },
    okta: { clock, worker: { leaseMs: 5000, idlePollMs: 50 } },
  });
  await watchContract(stack);
  try {
    const users = workspaceUsers(USERS);
    const [owner, ...rest] = users as [User, ...User[]];
    const team = makeTeam({ id: 'everyone', memberIds: rest.map((u) => u.id) });
    const collection = makeCollection({ id: 'brand' });
    const accounts: Account[] = Array.from({ length: ACCOUNTS }, (_, i) =>
      makeAccount({
        id: `acct${i}`,
        name: `Account ${i}`,
        collectionId: 'brand',
        extensionState: 'pending',
        extendedAt: new Date(virtualStart).toISOString(),
      }),
    );
    const shares: Share[] = [
      makeShare({ collection }, { user: owner }, 'owner', 'own'),
      makeShare({ collection }, { team }, 'collaborator', 'team'),
    ];
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: false })],
      users,
      teams: [team],
      collections: [collection],
    });
    await stack.seed({ accounts, shares });
    // While the feature is off the queue only drains (Okta stays frozen); start from empty.
    await eventually(async () => (await readRunState(stack.server.db)).pending === 0, 10 * 60_000, 'idle queue');
    stack.sim.resetLog();

    // Turning the feature on queues every extended account: the first sync starts now.
    const t0 = vnow();
    const settings = await stack.server.repo.get(stack.server.db, 'settings', 'workspace');
    await stack.seed({ settings: [{ ...(settings ?? makeSettings()), extendedAccessEnabled: true }] });
    await eventually(() => countComplete(stack) === ACCOUNTS, 60 * 60_000, 'first sync');
    const wallMs = vnow() - t0;

    const counters = stack.sim.counters();
    if (process.env.OKTA_BENCH_DEBUG === '1') {
      const times = stack.sim.requests().map((r) => Math.round((Date.parse(r.at) - t0) / 1000));
      console.error('request seconds (virtual, from t0):', JSON.stringify(times));
    }
    const minCalls = minimumFirstSyncCalls(
      accounts.map(() => ({ assigneeOktaUserIds: users.map((u) => u.externalId ?? '') })),
    );
    const limit = DEFAULT_RATE_LIMITS['api/v1/apps'];
    const floorMs = (Math.ceil(counters.total / limit) - 1) * WINDOW_MS;
    const minFloorMs = (Math.ceil(minCalls / limit) - 1) * WINDOW_MS;
    const sweep = await sweepPhases(stack, vnow);
    return {
      accounts: ACCOUNTS,
      users_per_account: USERS,
      apps_bucket_limit_per_min: limit,
      time_scale: TIME_SCALE,
      api_calls: counters.total,
      min_api_calls: minCalls,
      calls_over_min: counters.total - minCalls,
      rate_limited_429: counters.rateLimited,
      first_sync_okta_s: round(wallMs / 1000),
      floor_okta_s: round(minFloorMs / 1000),
      floor_ratio: round(wallMs / Math.max(floorMs, minFloorMs, 1), 3),
      first_sync_real_s: round(wallMs / TIME_SCALE / 1000),
      ...sweep,
    };
  } finally {
    await stack.close();
  }
}

/**
 * 3. The drift sweep over the synced accounts, on the same virtual clock: once with no drift
 *    (its calls against the least possible, and its Okta time; it spends only the budget the
 *    rate governor leaves after its reserve for incremental changes), then with drift injected
 *    in DRIFT_SHARE of the apps — extra users, a group, a relabel — all fixed by one sweep.
 */
async function sweepPhases(stack: OktaStack, vnow: () => number): Promise<Record<string, number>> {
  const sweeper = stack.server.sweeper;
  if (!sweeper) throw new Error('the server has no drift sweep');
  const ours = () => [...stack.sim.directory.apps.values()].filter((a) => a.url?.startsWith(`${stack.url}/launch/`));
  const bookmarkApps = [...stack.sim.directory.apps.values()].filter((a) => a.name === 'bookmark').length;
  const minCalls = minimumSweepCalls(
    bookmarkApps,
    ours().map((a) => ({ users: a.users.size, groups: a.groups.size })),
  );
  const limit = DEFAULT_RATE_LIMITS['api/v1/apps'];
  // The sweep leaves accounts with work queued to the outbox: start once the first sync has finished.
  await eventually(async () => (await readRunState(stack.server.db)).pending === 0, 10 * 60_000, 'idle queue');

  stack.sim.resetLog();
  let t0 = vnow();
  const clean = await sweeper.sweep();
  const cleanMs = vnow() - t0;
  const cleanCalls = stack.sim.counters().total;
  if (!clean) throw new Error('the sweep did not run');

  // Drift in DRIFT_SHARE of the apps, by an Okta admin: extra users, a group, a relabel.
  const dir = stack.sim.directory;
  const extra = Array.from({ length: EXTRA_OKTA_USERS }, (_, i) => oktaUserId(USERS + 1 + i));
  const group = dir.addGroup({ name: 'Contractors', description: 'assigned in Okta, not in Latchkey' });
  for (const uid of extra) dir.setMembership(group, uid, true);
  const drifted = ours().slice(0, Math.round(ours().length * DRIFT_SHARE));
  let injected = 0;
  drifted.forEach((app, i) => {
    if (i % 3 === 0) {
      for (const uid of extra.slice(0, 2)) dir.assignUser(app, uid);
      injected += 2;
    } else if (i % 3 === 1) {
      dir.assignGroup(app, group.id);
      injected += 1;
    } else {
      app.label = `${app.label} (renamed in Okta)`;
      injected += 1;
    }
  });
  stack.sim.resetLog();
  t0 = vnow();
  const fixed = await sweeper.sweep();
  const driftMs = vnow() - t0;
  const driftCalls = stack.sim.counters().total;
  if (!fixed) throw new Error('the drift sweep did not run');
  const leftOver = ours().filter(
    (a) =>
      a.users.size !== USERS || a.groups.size > 0 || a.label.endsWith('(renamed in Okta)') || a.status !== 'ACTIVE',
  ).length;
  return {
    sweep_accounts: clean.accounts,
    sweep_api_calls: cleanCalls,
    sweep_min_api_calls: minCalls,
    sweep_calls_ratio: round(cleanCalls / minCalls, 3),
    sweep_rate_limited_429: stack.sim.counters().rateLimited,
    sweep_okta_s: round(cleanMs / 1000),
    // Okta's floor for these calls at the full bucket; the sweep leaves a fifth of each window to changes.
    sweep_floor_okta_s: round(((Math.ceil(minCalls / limit) - 1) * WINDOW_MS) / 1000),
    sweep_drift_found_clean: clean.driftFound,
    sweep_drift_accounts: drifted.length,
    sweep_drift_injected: injected,
    sweep_drift_found: fixed.driftFound,
    sweep_drift_fixed: fixed.driftFixed,
    sweep_drift_left: leftOver,
    sweep_drift_api_calls: driftCalls,
    sweep_drift_okta_s: round(driftMs / 1000),
  };
}

/** Accounts whose app exists with every user assigned. */
function countComplete(stack: OktaStack): number {
  let n = 0;
  for (const app of stack.sim.directory.apps.values()) {
    if (app.url?.startsWith(`${stack.url}/launch/`) && app.users.size === USERS) n += 1;
  }
  return n;
}

async function incrementalPropagation(): Promise<Record<string, number>> {
  const stack = await startOktaStack({ users: SAMPLES + 1, okta: { worker: { leaseMs: 5000, idlePollMs: 100 } } });
  await watchContract(stack);
  try {
    const users = workspaceUsers(SAMPLES + 1);
    const [owner, ...others] = users as [User, ...User[]];
    const account = makeAccount({ id: 'live', extensionState: 'pending', extendedAt: new Date().toISOString() });
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users,
      accounts: [account],
      shares: [makeShare({ account }, { user: owner }, 'owner', 'own')],
    });
    await eventually(() => stack.appsFor('live')[0]?.users.length === 1, 30_000, 'initial sync');

    const latencies: number[] = [];
    for (const user of others) {
      const oktaId = user.externalId ?? '';
      const t0 = performance.now();
      await stack.seed({ shares: [makeShare({ account }, { user }, 'collaborator', `s-${user.id}`)] });
      await waitAssigned(stack, 'live', oktaId);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      incremental_samples: latencies.length,
      incremental_p50_ms: round(percentile(latencies, 0.5)),
      incremental_p99_ms: round(percentile(latencies, 0.99)),
      incremental_max_ms: round(latencies[latencies.length - 1] ?? 0),
    };
  } finally {
    await stack.close();
  }
}

/** Polls the simulated org every 2 ms (bounded): the latency is what a person would see. */
async function waitAssigned(stack: OktaStack, accountId: string, oktaId: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!stack.appsFor(accountId)[0]?.users.includes(oktaId)) {
    if (performance.now() > deadline) throw new Error(`assignment of ${oktaId} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
