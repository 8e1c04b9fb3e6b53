/**
 * `npm run bench -- scale-out [--clients 200] [--rxdb-clients 6] [--seconds 60] [--processes 1,2,3]
 *  [--accounts-per-user 2] [--no-kill]`: N real sync-server processes (the built CLI,
 * `node out/scale-out/server/cli.js`) on one fresh PostgreSQL database, behind nginx running
 * deploy/nginx/latchkey.conf (round robin, the SSE settings), with the Okta simulator as Okta (the
 * Okta worker runs in every process) and as the SCIM client provisioning users through nginx all along.
 *
 * C simulated desktop clients (one user each) for S seconds, closed loop (each changes something
 * again as soon as its last change is answered), groups of 5 users sharing their accounts:
 *
 * - K of them (`--rxdb-clients`) are the desktop app's own replica, each in a Node process of its
 *   own (RxDB's open core allows 13 open collections per process; the app's replica opens 7):
 *   dev/stack/app-replica.ts runs the renderer's `openReplica` (Dexie storage, fake-indexeddb
 *   for IndexedDB), `startReplication` with the app's sync handlers and conflict handler, and
 *   main's IPC dispatch and sync proxy (bearer token, live stream with its reconnect backoff) to
 *   nginx. They change things through renderer/src/replica/writes.ts: `updateAccount` (labels;
 *   half the time the username of an account they own), `shareItem` of an account they own with a
 *   user of another group, `unshare` of a share they granted; each change waits until the replica
 *   has pushed it (support/rxdb-client.ts).
 * - The others keep an incremental replica of `accounts` and `shares` as a plain Map per
 *   collection (hundreds of RxDB replicas cannot share one process), pulling by checkpoint with
 *   the app's wire contract (domain/wire/replication.ts), holding the live stream open through
 *   nginx and pulling on each event; they make the same kinds of change. Stale pushes are merged
 *   with the app's conflict rule (domain/wire/conflict-merge.ts) and pushed again; refused ones
 *   take the server's state.
 *
 * For each process count, and again with one process killed with SIGKILL halfway (N ≥ 2), it
 * prints accepted pushes/s, pull p99, `lost_updates` and `converged`, and `rxdb_*` lines for the
 * RxDB clients (their accepted rows, pull p99, stream connections…):
 *
 * - Every pushed account state carries one marker label (`m-…`) of the edit that made it, and
 *   the bench records which marker(s) the state it was based on carried. The final stored
 *   account's marker, followed back through those bases, must reach every accepted push of that
 *   account; an accepted push it does not reach was overwritten without being seen: a lost
 *   update. Accepted share grants must be stored unless an accepted revoke followed, and
 *   accepted revokes must be stored.
 * - For the RxDB clients the same check covers every row their replica pushed, as it crossed
 *   `sync:push` with the server's answer: a row with no conflict is accepted (what the replica
 *   itself considers pushed). An account row's own marker (`m-<user>.rx-<n>`) is based on the
 *   markers of the row's `assumedMasterState` (RxDB's view of the server); RxDB pushes one state
 *   again, merged, after a stale answer, so its bases add up. Not covered: a local edit RxDB
 *   folded into a later one before pushing (never sent; the later state is checked), and a push
 *   whose answer was lost with a killed process (as for the Map clients: not counted as accepted).
 * - After the run (writes stopped, each RxDB replica has pushed what it held, the Okta outbox
 *   drained, SCIM idle), each Map replica pulls to the head and must equal a fresh full pull for
 *   its user; each RxDB replica pulls to the head (RESYNC) and every collection it holds must
 *   equal a fresh full pull through its proxy, compared without `updatedAt` (the app's and the
 *   server's rule: RxDB keeps its copy of an accepted push when the pull differs only in the
 *   server's stamp). `converged` covers both; `rxdb_converged` the RxDB replicas alone.
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (dev/stack/postgres.ts) and nginx (`apt-get install nginx`);
 * it installs nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EventSource } from 'eventsource';
import pg from 'pg';
import { RunningCli } from '../dev/stack/cli-process';
import { oktaUserId, oktaUserSeed } from '../dev/stack/okta-seed';
import { createTestDatabase, type TestDatabase } from '../dev/stack/postgres';
import { seedRecords } from '../dev/stack/seed-records';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../dev/stack/workspace-factory';
import type { Account, Share, User } from '../domain/records';
import type { CollectionName } from '../domain/wire/collections';
import { mergeConflict, sameValue } from '../domain/wire/conflict-merge';
import {
  type Checkpoint,
  checkpointParams,
  PushResponse,
  pullResponseSchema,
  StreamEvent,
} from '../domain/wire/replication';
import { type OktaSim, startOktaSim } from '../okta-sim/index';
import { buildServerPrograms } from '../scripts/build-server';
import { buildApp } from '../sync-server/app';
import { rotateScimToken } from '../sync-server/scim/token';
import { type JsonAnswer, requestJson } from './support/http-json';
import { ResourceSampler, startDelayProxy } from './support/resources';
import { buildRxdbClient, type PushReport, RxdbClientProcess } from './support/rxdb-clients';

type Figures = Record<string, number | string>;
type Doc = Record<string, unknown> & { id: string };
const COLLECTIONS = ['accounts', 'shares'] as const satisfies readonly CollectionName[];
type Coll = (typeof COLLECTIONS)[number];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_DIR = join(ROOT, 'out', 'scale-out');
const RXDB_CLIENT_DIR = join(BUILD_DIR, 'rxdb-client');
const GROUP = 5;
const PULL_LIMIT = 500;
/** Made once: building a collection's schema costs more than parsing a page with it. */
const PULL_RESPONSE = { accounts: pullResponseSchema('accounts'), shares: pullResponseSchema('shares') };
/** SCIM-provisioned users get Okta ids after the clients' ones. */
const SCIM_ID_BASE = 100_000;

export interface Options {
  clients: number;
  seconds: number;
  processes: number[];
  accountsPerUser: number;
  kill: boolean;
  /** closed: every device pushes back to back; live: each user edits every `editEveryMs`, open loop. */
  mode: 'closed' | 'live';
  /** Devices per user (a user's devices share their replicas' view). */
  devicesPerUser: number;
  /** Users per group: a user's accounts are shared with their group (1: nobody else sees them). */
  group: number;
  editEveryMs: number;
  /** Added to every round trip to PostgreSQL by a TCP proxy (0: direct). */
  dbDelayMs: number;
  /** Okta provisions users through SCIM all along (every member's replica pulls each). */
  scim: boolean;
  /** Where the server processes write V8 CPU profiles (`node --cpu-prof`), if anywhere. */
  cpuProfDir?: string | undefined;
  /** How many of the `clients` are the app's own RxDB replica, each in a process of its own (one device per user). */
  rxdbClients: number;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      clients: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      processes: { type: 'string', default: '1,2,3' },
      'accounts-per-user': { type: 'string', default: '2' },
      'no-kill': { type: 'boolean', default: false },
      'rxdb-clients': { type: 'string', default: '6' },
    },
    strict: true,
  });
  const whole = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
  const clients = whole('clients', values.clients, GROUP);
  const rxdbClients = whole('rxdb-clients', values['rxdb-clients'], 0);
  if (rxdbClients > clients) throw new Error(`--rxdb-clients (${rxdbClients}) counts among --clients (${clients})`);
  return {
    clients,
    rxdbClients,
    seconds: whole('seconds', values.seconds, 2),
    processes: values.processes.split(',').map((p) => whole('processes', p, 1)),
    accountsPerUser: whole('accounts-per-user', values['accounts-per-user'], 1),
    kill: !values['no-kill'],
    mode: 'closed',
    devicesPerUser: 1,
    group: GROUP,
    editEveryMs: 0,
    dbDelayMs: 0,
    scim: true,
  };
}

export default async function scaleOutBench(): Promise<Figures> {
  const opts = options();
  if (spawnSync('nginx', ['-v']).error) {
    console.error('nginx is not installed; install it with: apt-get install nginx');
    process.exit(1);
  }
  await buildServer();
  if (opts.rxdbClients > 0) await buildRxdbClient(RXDB_CLIENT_DIR);
  const figures: Figures = {
    clients: opts.clients,
    seconds: opts.seconds,
    rxdb_clients: opts.rxdbClients,
    replica: `the app's RxDB replica in ${opts.rxdbClients} processes; a Map per collection (domain/wire/replication.ts) in the others`,
  };
  for (const n of opts.processes) {
    for (const kill of opts.kill && n >= 2 ? [false, true] : [false]) {
      const run = prefixed(`p${n}${kill ? '_kill' : ''}`, await runOnce(opts, n, kill));
      // Each run's figures as soon as it ends (the runner prints them all at the end).
      console.error(
        Object.entries(run)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n'),
      );
      Object.assign(figures, run);
    }
  }
  return figures;
}

/**
 * What systemd runs (deploy/systemd): the built server, plain Node. Built inside the repository
 * so its package imports resolve to node_modules.
 */
export async function buildServer(): Promise<void> {
  await buildServerPrograms(BUILD_DIR);
}

function prefixed(prefix: string, f: Figures): Figures {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [`${prefix}_${k}`, v]));
}

// ---------------------------------------------------------------------------------------------
// One run: database, simulator, N processes, nginx, clients.

export async function runOnce(opts: Options, processes: number, kill: boolean): Promise<Figures> {
  const label = `${processes} process${processes > 1 ? 'es' : ''}${kill ? ', one killed midway' : ''}`;
  const how = `${opts.mode}${opts.dbDelayMs > 0 ? `, database +${opts.dbDelayMs} ms` : ''}`;
  console.error(`sync bench: ${label}, ${opts.clients} clients, ${opts.seconds} s, ${how}`);
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const database = await createTestDatabase('latchkey_scale_out');
    cleanup.push(() => database.drop());
    const sim = await startOktaSim({
      port: 0,
      seed: { users: oktaUserSeed(opts.clients) },
      // The bench measures the sync server, not Okta's rate limits.
      rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 },
      concurrencyLimit: 1_000,
    });
    cleanup.push(() => sim.close());
    const credentialsKey = randomBytes(32).toString('base64');
    const { users, scimToken } = await seed(database, sim, credentialsKey, opts);
    let serverDatabaseUrl = database.url;
    if (opts.dbDelayMs > 0) {
      const proxy = await startDelayProxy(new URL(database.url), opts.dbDelayMs);
      cleanup.push(() => proxy.close());
      serverDatabaseUrl = proxy.url;
    }

    const work = await mkdtemp(join(tmpdir(), 'latchkey-scale-out-'));
    cleanup.push(() => rm(work, { recursive: true, force: true }));
    const ports = await freePorts(processes + 1);
    const lbPort = ports[processes] as number;
    const lbUrl = `http://127.0.0.1:${lbPort}`;
    const servers: RunningCli[] = [];
    cleanup.push(() => Promise.all(servers.map((s) => s.stop())));
    for (const port of ports.slice(0, processes)) {
      servers.push(startServer(port, serverDatabaseUrl, sim, credentialsKey, lbUrl, opts.cpuProfDir));
    }
    await Promise.all(servers.map((s) => s.waitFor(/listening on/)));
    const nginx = await startNginx(work, ports.slice(0, processes), lbPort);
    cleanup.push(() => stopChild(nginx));
    await waitHealthy(lbUrl);
    sim.admin.setScimTarget(`${lbUrl}/scim/v2`, scimToken);

    const phase = (what: string) => console.error(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
    phase('servers and nginx up');
    // The seeded accounts are extended: their Okta apps are made now, before the clients start, or
    // the status each app's creation writes would count among the pulls the users' edits cause.
    const unextended = await drainOutbox(database.url);
    if (unextended > 0) throw new Error(`the Okta worker left ${unextended} seeded accounts unextended after a minute`);
    phase('Okta apps made for the seeded accounts');
    const stats = new Stats();
    const rxdbUsers = rxdbUserIndexes(opts);
    const clients = Array.from({ length: opts.clients }, (_, i) => {
      const userIndex = Math.floor(i / opts.devicesPerUser);
      const device = i % opts.devicesPerUser;
      return new Client(userIndex, device, users[userIndex] as User, users, lbUrl, sim, stats, opts.group);
    }).filter((c) => !rxdbUsers.includes(c.index));
    cleanup.push(async () => {
      for (const c of clients) c.closeStream();
    });
    const rxdb = await startRxdbClients(rxdbUsers, users, lbUrl, sim, stats, opts.group);
    cleanup.push(() => Promise.all(rxdb.map((c) => c.kill())));
    await Promise.all([...clients.map((c) => c.start()), ...rxdb.map((c) => c.ready)]);

    phase('clients connected');
    // Pull latency and throughput count the run only, not the clients' first pulls.
    stats.startRun();
    for (const c of rxdb) c.start();
    const sampler = new ResourceSampler(database, servers);
    await sampler.start();
    // The simulated devices share this process: how late its event loop ran during the run is
    // part of every latency it measures (a stream event waits for it before the pull starts).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const t0 = performance.now();
    let stop = false;
    const loops = clients.map((c, i) =>
      opts.mode === 'closed'
        ? c.run(() => stop)
        : // One device per user edits (in turn), every editEveryMs, phases spread over the period.
          i % opts.devicesPerUser === 0
          ? c.runLive(
              () => stop,
              opts.editEveryMs,
              (Math.floor(i / opts.devicesPerUser) * 7919) % opts.editEveryMs,
              () => clients.slice(i, i + opts.devicesPerUser),
            )
          : Promise.resolve(),
    );
    const scim = opts.scim ? scimLoop(sim, () => stop, stats) : Promise.resolve();
    let killed = '';
    const halfway = new Promise<void>((resolve) => setTimeout(resolve, (opts.seconds * 1000) / 2));
    const end = new Promise<void>((resolve) => setTimeout(resolve, opts.seconds * 1000));
    if (kill) {
      await halfway;
      const victim = servers[0] as RunningCli;
      victim.child.kill('SIGKILL');
      await victim.finished;
      killed = `pid ${victim.pid}`;
    }
    await end;
    stop = true;
    const rxdbStopped = Promise.all(rxdb.map((c) => c.stop()));
    const elapsedS = (performance.now() - t0) / 1000;
    const acceptedInRun = stats.accepted;
    const rxdbAcceptedInRun = stats.rxdbAccepted;
    const pullsInRun = stats.pullMs.length;
    const devicePullsInRun = stats.devicePulls;
    const emptyPullsInRun = stats.emptyDevicePulls;
    const resources = await sampler.stop();
    loopDelay.disable();
    // Pushes and pulls in flight at the stop finish (and count for lost updates), not for the rates.
    await Promise.all([...loops, scim]);
    // Each RxDB replica has pushed what it held when told to stop (its pushes are reported before it answers).
    const rxdbRuns = await rxdbStopped;
    for (const c of clients) c.closeStream();

    phase('writes stopped');
    // Quiet: no more client writes; let Okta and SCIM finish what they were doing.
    await sim.provisioning.idle();
    const outboxLeft = await drainOutbox(database.url);
    phase('Okta outbox drained');
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const stored = await db.query<{ collection: Coll; id: string; deleted: boolean; doc: Doc }>(
      "select collection, id, deleted, doc from records where collection in ('accounts', 'shares')",
    );
    await db.end();

    // Every replica to the head, then compared with a fresh full pull for its user.
    let diverged = 0;
    for (const c of clients) {
      await c.pullAll();
      if (!(await c.equalsFreshPull())) diverged += 1;
    }
    // The RxDB replicas the same way (every collection they hold), one after the other.
    let rxdbDiverged = 0;
    for (const c of rxdb) {
      const differences = await c.check();
      if (differences.length > 0) {
        rxdbDiverged += 1;
        const what = differences.map(
          (d) =>
            `${d.collection} (missing ${d.missing.join(' ')}; extra ${d.extra.join(' ')}; changed ${d.changed.join(' ')})`,
        );
        console.error(`  RxDB replica of ${c.userId} differs from a fresh pull in: ${what.join(', ')}`);
      }
    }
    await Promise.all(rxdb.map((c) => c.exit()));
    const rxdbPulls = rxdbRuns.flatMap((r) => r.pullMs).sort((a, b) => a - b);
    const lost = stats.lostUpdates(stored.rows);
    const pulls = stats.pullMs.slice(0, pullsInRun).sort((a, b) => a - b);
    const okta = [...sim.directory.apps.values()].filter((a) => a.url?.startsWith(`${lbUrl}/launch/`)).length;
    const pushes = [...stats.pushMs].sort((a, b) => a - b);
    const seen = [...stats.otherDeviceMs].sort((a, b) => a - b);
    return {
      accepted_pushes_per_s: Math.round(acceptedInRun / elapsedS),
      pull_p99_ms: round(percentile(pulls, 0.99)),
      pull_p50_ms: round(percentile(pulls, 0.5)),
      push_p99_ms: round(percentile(pushes, 0.99)),
      pulls_per_accepted_write: round(devicePullsInRun / Math.max(1, acceptedInRun)),
      empty_pull_share: round(emptyPullsInRun / Math.max(1, devicePullsInRun)),
      edit_to_other_device_p50_ms: round(percentile(seen, 0.5)),
      edit_to_other_device_p99_ms: round(percentile(seen, 0.99)),
      bench_loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
      lock_waiters_avg: round(resources.lockWaitersAvg),
      lock_waiters_by_kind: resources.lockWaitersByKind,
      cpu_ms_per_push_server: round(resources.serverCpuMs / Math.max(1, acceptedInRun)),
      cpu_ms_per_push_postgres: round(resources.postgresCpuMs / Math.max(1, acceptedInRun)),
      lost_updates: lost,
      converged: String(diverged + rxdbDiverged === 0),
      diverged_replicas: diverged + rxdbDiverged,
      ...(rxdb.length > 0
        ? {
            rxdb_clients: rxdb.length,
            rxdb_converged: String(rxdbDiverged === 0),
            rxdb_pushes_accepted: stats.rxdbAccepted,
            rxdb_accepted_pushes_per_s: round(rxdbAcceptedInRun / elapsedS),
            rxdb_pull_p99_ms: round(percentile(rxdbPulls, 0.99)),
            rxdb_pull_p50_ms: round(percentile(rxdbPulls, 0.5)),
            rxdb_edits: rxdbRuns.reduce((n, r) => n + r.edits, 0),
            rxdb_failed_writes: rxdbRuns.reduce((n, r) => n + r.failedWrites, 0),
            rxdb_failed_sync_calls: rxdbRuns.reduce((n, r) => n + r.failedCalls, 0),
            rxdb_stream_connections: rxdbRuns.reduce((n, r) => n + r.streamConnections, 0),
            rxdb_account_pushes_checked: stats.rxdbMarkersAccepted,
            rxdb_stale_conflicts: stats.rxdbStale,
          }
        : {}),
      accepted_pushes: stats.accepted,
      stale_conflicts: stats.conflicts,
      refused_rows: stats.refused,
      pulls_per_s: Math.round(pullsInRun / elapsedS),
      http_errors: stats.httpErrorSummary(),
      stream_reconnects: stats.reconnects,
      scim_provisioned_users: stats.scimUsers,
      okta_apps: okta,
      okta_outbox_left: outboxLeft,
      ...(killed ? { killed } : {}),
    };
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch((err: unknown) => console.error('cleanup:', err));
  }
}

/**
 * Which users' clients are RxDB replicas: spread over the workspace, so most share a group (and
 * accounts) with Map clients.
 */
function rxdbUserIndexes(opts: Options): number[] {
  if (opts.rxdbClients === 0) return [];
  if (opts.devicesPerUser !== 1) throw new Error('RxDB clients run with one device per user');
  return Array.from({ length: opts.rxdbClients }, (_, k) => Math.floor((k * opts.clients) / opts.rxdbClients));
}

/** One process per RxDB client, its pushes fed into the same lost-update bookkeeping as the Map clients'. */
async function startRxdbClients(
  indexes: readonly number[],
  users: readonly User[],
  url: string,
  sim: OktaSim,
  stats: Stats,
  group: number,
): Promise<RxdbClientProcess[]> {
  const program = join(RXDB_CLIENT_DIR, 'client.js');
  return Promise.all(
    indexes.map(async (index) => {
      const user = users[index] as User;
      const subject = user.externalId as string;
      const issueToken = () => sim.issueAccessToken(subject, { expiresInSeconds: 3600 });
      const myGroup = Math.floor(index / group);
      return new RxdbClientProcess(
        program,
        {
          type: 'init',
          url,
          token: await issueToken(),
          subject,
          meId: user.id,
          userIndex: index,
          grantees: users.filter((u) => Math.floor(indexOf(u) / group) !== myGroup).map((u) => u.id),
        },
        { report: (message: PushReport) => stats.noteRxdbPush(message, index), issueToken },
      );
    }),
  );
}

/** The workspace: groups of 5 users; each user owns `accountsPerUser` accounts shared with their group. */
export async function seed(
  database: TestDatabase,
  sim: OktaSim,
  credentialsKey: string,
  opts: Options,
): Promise<{ users: User[]; scimToken: string }> {
  const users = Array.from({ length: Math.ceil(opts.clients / opts.devicesPerUser) }, (_, i) =>
    makeUser({ id: `u${i}`, userName: `user${i + 1}@example.com`, externalId: oktaUserId(i + 1) }),
  );
  const accounts: Account[] = [];
  const shares: Share[] = [];
  for (const [i, owner] of users.entries()) {
    const g = opts.group;
    const group = users.slice(Math.floor(i / g) * g, Math.floor(i / g) * g + g);
    for (let k = 0; k < opts.accountsPerUser; k++) {
      const account = makeExtendedAccount({ id: `a${i}-${k}`, name: `Account ${i}-${k}` });
      accounts.push(account);
      for (const member of group) {
        shares.push(makeShare({ account }, { user: member }, member === owner ? 'owner' : 'collaborator'));
      }
    }
  }
  const seeder = await buildApp({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(tmpdir(), 'latchkey-scale-out-unused'),
    databaseUrl: database.url,
    issuer: sim.issuer,
    audience: sim.audience,
    credentialsKey,
  });
  try {
    await seedRecords(seeder, {
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users,
      accounts,
      shares,
    });
    const { token } = await rotateScimToken(seeder.db, 'scale-out bench');
    return { users, scimToken: token };
  } finally {
    await seeder.close();
  }
}

function startServer(
  port: number,
  databaseUrl: string,
  sim: OktaSim,
  key: string,
  publicUrl: string,
  cpuProfDir: string | undefined,
): RunningCli {
  const { PORT: _p, HOST: _h, LATCHKEY_DATA_DIR: _d, LOG_LEVEL: _l, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      ...(cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`]),
      join(BUILD_DIR, 'server', 'cli.js'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--issuer',
      sim.issuer,
      '--audience',
      sim.audience,
      '--public-url',
      publicUrl,
      '--okta-org-url',
      sim.url,
      '--log-level',
      'error',
      '--trust-proxy',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: {
        ...env,
        DATABASE_URL: databaseUrl,
        LATCHKEY_CREDENTIALS_KEY: key,
        LATCHKEY_OKTA_API_TOKEN: sim.apiToken,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new RunningCli(child);
}

/** deploy/nginx/latchkey.conf with this run's upstream servers and port, in a main config of its own. */
async function startNginx(work: string, ports: number[], listen: number): Promise<ChildProcess> {
  const template = await readFile(join(ROOT, 'deploy', 'nginx', 'latchkey.conf'), 'utf8');
  const begin = template.indexOf('# servers:begin');
  const end = template.indexOf('# servers:end');
  if (begin < 0 || end < 0 || !/listen 80; # listen:line/.test(template)) {
    throw new Error('deploy/nginx/latchkey.conf lost its "# servers:begin/end" or "listen:line" markers');
  }
  const servers = ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n    ');
  const site = `${template.slice(0, begin)}${servers}\n    ${template.slice(end)}`.replace(
    'listen 80; # listen:line',
    `listen 127.0.0.1:${listen};`,
  );
  await writeFile(join(work, 'latchkey.conf'), site);
  const root = process.getuid?.() === 0 ? 'user root;\n' : '';
  await writeFile(
    join(work, 'nginx.conf'),
    `${root}worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  include ${work}/latchkey.conf;
}
`,
  );
  const child = spawn('nginx', ['-p', work, '-c', join(work, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`nginx exited (${code ?? signal}); see ${work}/error.log`);
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Until nginx answers and reaches a server. */
async function waitHealthy(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}/healthz never answered through nginx`);
}

async function freePorts(n: number): Promise<number[]> {
  const held = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((resolve) => {
          const s = createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = held.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Waits (up to a minute) for the Okta worker to empty its queue; returns what is left. */
async function drainOutbox(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from okta_outbox');
      const left = rows[0]?.n ?? 0;
      if (left === 0 || performance.now() > deadline) return left;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}

/** Okta provisions a new user through nginx (SCIM), then changes their name, back to back. */
async function scimLoop(sim: OktaSim, stopped: () => boolean, stats: Stats): Promise<void> {
  let n = SCIM_ID_BASE;
  while (!stopped()) {
    n += 1;
    try {
      await provisionOne(sim, n);
      stats.scimUsers += 1;
    } catch {
      stats.httpError('scim');
    }
  }
}

async function provisionOne(sim: OktaSim, n: number): Promise<void> {
  const user = await sim.admin.createUser({
    login: `scim${n}@example.com`,
    email: `scim${n}@example.com`,
    firstName: `Scim${n}`,
    lastName: 'Bench',
  });
  await sim.admin.assignUserToApp(user.id);
  await sim.admin.updateProfile(user.id, { lastName: `Renamed${n}` });
}

// ---------------------------------------------------------------------------------------------
// The clients.

interface Attempt {
  accountId: string;
  bases: string[];
}

export class Stats {
  accepted = 0;
  /** Device pulls (one pull of every collection) during the run, and those that brought nothing. */
  devicePulls = 0;
  emptyDevicePulls = 0;
  pushMs: number[] = [];
  /** Edit sent → the same user's other device holds it, per device. */
  otherDeviceMs: number[] = [];
  /** When each marker's push was sent, and by which device. */
  sent = new Map<string, { at: number; device: string }>();
  private inRun = false;

  /** From now on, pulls, pushes and latencies count. */
  startRun(): void {
    this.inRun = true;
    this.pullMs = [];
    this.pushMs = [];
    this.devicePulls = 0;
    this.emptyDevicePulls = 0;
    this.otherDeviceMs = [];
  }

  countsNow(): boolean {
    return this.inRun;
  }
  conflicts = 0;
  refused = 0;
  reconnects = 0;
  scimUsers = 0;
  pullMs: number[] = [];
  httpErrors = new Map<string, number>();
  /** Every pushed account marker → the account and the markers of the state it was based on. */
  attempts = new Map<string, Attempt>();
  acceptedMarkers = new Set<string>();
  grants = new Set<string>();
  revokes = new Set<string>();
  /** Rows the RxDB clients pushed that the server accepted, and stale ones it sent back. */
  rxdbAccepted = 0;
  rxdbStale = 0;
  /** RxDB account states accepted by the server, each one checked for a lost update. */
  rxdbMarkersAccepted = 0;

  /**
   * One row an RxDB replica pushed, as it reached main's `sync:push`, with the server's answer.
   * An account row's own marker (`m-<user>.rx-<n>`, added by the edit that made the state) is an
   * attempt based on the markers of the row's assumed master state; RxDB may push one state more
   * than once (again after a stale answer, merged), so its bases accumulate. Markers merged in
   * from other writers are theirs, not this push's.
   */
  noteRxdbPush(report: PushReport, userIndex: number): void {
    const accepted = report.outcome === 'accepted';
    if (report.type === 'account-push') {
      const own = `${MARKER}${userIndex}.rx-`;
      for (const marker of report.markers.filter((m) => m.startsWith(own) && !report.bases.includes(m))) {
        const bases = new Set([...(this.attempts.get(marker)?.bases ?? []), ...report.bases]);
        this.attempts.set(marker, { accountId: report.id, bases: [...bases] });
        if (accepted && !this.acceptedMarkers.has(marker)) {
          this.acceptedMarkers.add(marker);
          this.rxdbMarkersAccepted += 1;
        }
      }
    } else if (accepted && report.kind === 'grant') {
      this.grants.add(report.id);
    } else if (accepted && report.kind === 'revoke') {
      this.revokes.add(report.id);
    }
    if (accepted) {
      this.accepted += 1;
      this.rxdbAccepted += 1;
    } else if (report.outcome === 'stale') {
      this.conflicts += 1;
      this.rxdbStale += 1;
    } else {
      this.refused += 1;
    }
  }

  httpError(what: string): void {
    this.httpErrors.set(what, (this.httpErrors.get(what) ?? 0) + 1);
  }

  httpErrorSummary(): string {
    if (this.httpErrors.size === 0) return 'none';
    return [...this.httpErrors].map(([k, v]) => `${k}×${v}`).join(' ');
  }

  lostUpdates(stored: { collection: Coll; id: string; deleted: boolean; doc: Doc }[]): number {
    const finalMarkers = new Map<string, string[]>();
    const shares = new Map<string, boolean>();
    for (const row of stored) {
      if (row.collection === 'accounts') finalMarkers.set(row.id, row.deleted ? [] : markersOf(row.doc));
      else shares.set(row.id, !row.deleted);
    }
    // Follow each account's stored marker back through the states each push was based on.
    const reached = new Set<string>();
    const queue = [...finalMarkers.values()].flat();
    while (queue.length > 0) {
      const marker = queue.pop() as string;
      if (reached.has(marker)) continue;
      reached.add(marker);
      queue.push(...(this.attempts.get(marker)?.bases ?? []));
    }
    let lost = 0;
    for (const marker of this.acceptedMarkers) if (!reached.has(marker)) lost += 1;
    for (const id of this.grants) if (!this.revokes.has(id) && shares.get(id) !== true) lost += 1;
    for (const id of this.revokes) if (shares.get(id) !== false) lost += 1;
    return lost;
  }
}

const MARKER = 'm-';
function markersOf(doc: Doc | null | undefined): string[] {
  const labels = doc?.labels;
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string' && l.startsWith(MARKER)) : [];
}

export class Client {
  /** The server's state as pulled: what is compared with a fresh pull at the end. */
  private readonly replica: Record<Coll, Map<string, Doc>> = { accounts: new Map(), shares: new Map() };
  /**
   * Accounts this device wrote since it last pulled them (RxDB's fork state): the base of its
   * next edit. Never written into `replica`: a push's answer may arrive after a pull already
   * brought a newer state, and only pulls move the replica, as in the app.
   */
  private readonly written = new Map<string, Doc>();
  private readonly checkpoint: Partial<Record<Coll, Checkpoint>> = {};
  private token = '';
  private source: EventSource | undefined;
  private closed = false;
  private readonly pullWanted = new Set<Coll>();
  private pulling: Promise<void> | undefined;
  /** Told once the stream's first RESYNC has been pulled (`start`). */
  private streamReady: (() => void) | undefined;
  private pullQueue: Promise<void> = Promise.resolve();
  private pushes = 0;
  private readonly myGrants: Doc[] = [];
  private readonly deviceId: string;
  /** Markers this device already saw arrive (each counted once for edit → other device). */
  private readonly arrived = new Set<string>();

  constructor(
    readonly index: number,
    private readonly device: number,
    private readonly user: User,
    private readonly everyone: readonly User[],
    private readonly url: string,
    private readonly sim: OktaSim,
    private readonly stats: Stats,
    private readonly group: number,
  ) {
    this.deviceId = `bench-device-${index}-${device}`;
    // Each user at an address of their own, as people at their own machines: the server's
    // per-address limits are for one office or attacker, not for the whole bench (nginx appends
    // its own address, which the servers trust as a proxy).
    this.address = `10.${Math.floor(index / 62500) % 250}.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
  }

  private readonly address: string;

  async start(): Promise<void> {
    this.token = await this.sim.issueAccessToken(this.user.externalId as string, { expiresInSeconds: 3600 });
    await this.pullAll();
    // Started once the stream's opening RESYNC has been pulled too: otherwise that pull could
    // fall in the run and count among the pulls the run's writes cause.
    await new Promise<void>((resolve) => {
      this.streamReady = resolve;
      this.openStream();
    });
  }

  private openStream(): void {
    if (this.closed) return;
    const token = this.token;
    const source = new EventSource(`${this.url}/api/v1/replication/stream`, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, authorization: `Bearer ${token}`, 'x-forwarded-for': this.address },
        }),
    });
    this.source = source;
    source.onmessage = (message) => {
      const event = StreamEvent.safeParse(JSON.parse(message.data));
      if (!event.success) return;
      // As the app: pull only the collections the event names that this replica holds (a SCIM
      // user change names only `users`, which these replicas do not keep).
      const names = event.data.type === 'RESYNC' ? COLLECTIONS : event.data.collections;
      const held = COLLECTIONS.filter((c) => names.includes(c));
      if (held.length > 0) this.requestPull(held);
      const ready = this.streamReady;
      if (event.data.type === 'RESYNC' && ready !== undefined) {
        this.streamReady = undefined;
        void (this.pulling ?? Promise.resolve()).then(ready);
      }
    };
    source.onerror = () => {
      // The library reconnects by itself after a dropped connection; when it gave up
      // (a non-200 answer while nginx had no process left to try), start a new stream.
      this.stats.reconnects += 1;
      if (source.readyState === EventSource.CLOSED && !this.closed) {
        this.stats.httpError('stream closed');
        this.openStream();
      }
    };
  }

  closeStream(): void {
    this.closed = true;
    this.source?.close();
  }

  /** Coalesces pull requests: one pull at a time, and one more (of every collection asked) meanwhile. */
  private requestPull(collections: readonly Coll[]): void {
    for (const c of collections) this.pullWanted.add(c);
    if (this.pulling) return;
    this.pulling = (async () => {
      while (this.pullWanted.size > 0) {
        const wanted = COLLECTIONS.filter((c) => this.pullWanted.has(c));
        this.pullWanted.clear();
        await this.pullAll(wanted).catch(() => {
          // Counted in call(); the next event (or the end of the run) pulls again.
        });
      }
      this.pulling = undefined;
    })();
  }

  private async call(path: string, init: { method?: string; body?: string } = {}): Promise<unknown> {
    let res: JsonAnswer;
    try {
      res = await requestJson(`${this.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${this.token}`,
          'x-latchkey-device': this.deviceId,
          'x-forwarded-for': this.address,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      });
    } catch (error) {
      this.stats.httpError('network');
      throw error;
    }
    if (!res.ok) {
      this.stats.httpError(String(res.status));
      if (res.status === 429) throw new RateLimited(Number(res.headers['retry-after'] ?? '1'));
      throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}`);
    }
    return res.body;
  }

  private async pullPage(c: Coll, from: Checkpoint | undefined) {
    const q = new URLSearchParams({ limit: String(PULL_LIMIT), ...checkpointParams(from) });
    const t = performance.now();
    const body = PULL_RESPONSE[c].parse(await this.call(`/api/v1/replication/${c}/pull?${q}`));
    this.stats.pullMs.push(performance.now() - t);
    return body;
  }

  /** Incremental pull of `collections` (all by default) to the server's head, one at a time (as RxDB does). */
  pullAll(collections: readonly Coll[] = COLLECTIONS): Promise<void> {
    const next = this.pullQueue.then(() => this.pullOnce(collections));
    this.pullQueue = next.catch(() => undefined);
    return next;
  }

  private async pullOnce(collections: readonly Coll[]): Promise<void> {
    const counted = this.stats.countsNow();
    let brought = 0;
    for (const c of collections) {
      for (;;) {
        const body = await this.pullPage(c, this.checkpoint[c]);
        if (body.resync) throw new Error('the store was restored during the bench');
        const now = performance.now();
        for (const doc of body.documents) {
          if (doc._deleted) this.replica[c].delete(doc.id);
          else this.replica[c].set(doc.id, doc as Doc);
          if (c === 'accounts') {
            this.written.delete(doc.id);
            if (!doc._deleted) this.noteArrival(doc as Doc, now);
          }
        }
        brought += body.documents.length;
        this.checkpoint[c] = body.checkpoint;
        if (body.documents.length < PULL_LIMIT) break;
      }
    }
    if (counted) {
      this.stats.devicePulls += 1;
      if (brought === 0) this.stats.emptyDevicePulls += 1;
    }
  }

  /** An edit made on another device of this user has arrived here. */
  private noteArrival(doc: Doc, now: number): void {
    for (const marker of markersOf(doc)) {
      const sent = this.stats.sent.get(marker);
      if (sent === undefined || sent.device === this.deviceId || this.arrived.has(marker)) continue;
      this.arrived.add(marker);
      if (!marker.startsWith(`${MARKER}${this.index}.`)) continue;
      if (this.stats.countsNow()) this.stats.otherDeviceMs.push(now - sent.at);
    }
  }

  /**
   * Live mode: the user edits one of their accounts every `periodMs` (open loop: on schedule,
   * whether or not the last edit was answered), from each of their devices in turn.
   */
  async runLive(stopped: () => boolean, periodMs: number, phaseMs: number, devices: () => Client[]): Promise<void> {
    const t0 = performance.now() + phaseMs;
    const inFlight = new Set<Promise<void>>();
    for (let k = 0; !stopped(); k++) {
      const due = t0 + k * periodMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped()) break;
      const all = devices();
      const device = all[k % all.length] as Client;
      const edit = device
        .edit()
        .catch(() => device.pullAll().catch(() => undefined))
        .finally(() => inFlight.delete(edit));
      inFlight.add(edit);
    }
    await Promise.all(inFlight);
    for (const d of devices()) await d.pulling;
  }

  async equalsFreshPull(): Promise<boolean> {
    for (const c of COLLECTIONS) {
      const fresh = new Map<string, Doc>();
      let from: Checkpoint | undefined;
      for (;;) {
        const body = await this.pullPage(c, from);
        for (const doc of body.documents) {
          if (doc._deleted) fresh.delete(doc.id);
          else fresh.set(doc.id, doc as Doc);
        }
        from = body.checkpoint;
        if (body.documents.length < PULL_LIMIT) break;
      }
      const mine = this.replica[c];
      if (fresh.size !== mine.size) return false;
      for (const [id, doc] of fresh) if (!sameValue(doc, mine.get(id))) return false;
    }
    return true;
  }

  async run(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const roll = Math.random();
      try {
        if (roll < 0.1) await this.share();
        else if (roll < 0.15) await this.revoke();
        else await this.edit();
      } catch (error) {
        // Told to slow down: wait as long as the server says, as the app's retry does.
        if (error instanceof RateLimited) {
          await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds * 1000));
          continue;
        }
        // A push that failed in transit (a process killed under it): the server may or may not
        // have it. Pull to learn which, as the app does on its next sync.
        await this.pullAll().catch(() => undefined);
      }
    }
    await this.pulling;
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(Math.random() * items.length)];
  }

  private ownedAccountIds(): string[] {
    return [...this.replica.shares.values()]
      .filter((s) => s.granteeId === this.user.id && s.role === 'owner' && s.itemType === 'account')
      .map((s) => s.itemId as string);
  }

  /** Labels for everyone; name and username too when this user owns the account. */
  async edit(): Promise<void> {
    const pulled = this.pick([...this.replica.accounts.values()]);
    if (!pulled) return;
    const account = this.written.get(pulled.id) ?? pulled;
    const owner = this.ownedAccountIds().includes(account.id);
    this.pushes += 1;
    const colours = ['red', 'green', 'blue'];
    const toggled = this.pick(colours) as string;
    const labels = (account.labels as string[]).filter((l) => !l.startsWith(MARKER));
    const next: Doc = {
      ...account,
      labels: labels.includes(toggled) ? labels.filter((l) => l !== toggled) : [...labels, toggled],
      ...(owner && Math.random() < 0.5 ? { username: `user-${this.index}-${this.pushes}` } : {}),
    };
    await this.pushAccount(account, next);
  }

  /** Pushes an account state (stamped with a fresh marker), merging and retrying on stale conflicts. */
  private async pushAccount(assumed: Doc, wanted: Doc): Promise<void> {
    let base = assumed;
    let next = wanted;
    // Taken now: in live mode a device's next edit may start (and count) before this one ends.
    const push = this.pushes;
    for (let attempt = 0; attempt < 5; attempt++) {
      const marker = `${MARKER}${this.index}.${this.device}-${push}-${attempt}`;
      const stamped: Doc = {
        ...next,
        labels: [...(next.labels as string[]).filter((l) => !l.startsWith(MARKER)), marker],
      };
      this.stats.attempts.set(marker, { accountId: stamped.id, bases: markersOf(base) });
      const sentAt = performance.now();
      this.stats.sent.set(marker, { at: sentAt, device: this.deviceId });
      const answer = await this.call('/api/v1/replication/accounts/push', {
        method: 'POST',
        body: JSON.stringify([
          { newDocumentState: { ...stamped, _deleted: false }, assumedMasterState: { ...base, _deleted: false } },
        ]),
      });
      if (this.stats.countsNow()) this.stats.pushMs.push(performance.now() - sentAt);
      const body = PushResponse.parse(answer);
      const conflict = body.conflicts[0];
      if (!conflict) {
        this.stats.accepted += 1;
        this.stats.acceptedMarkers.add(marker);
        this.written.set(stamped.id, stamped);
        return;
      }
      const real = conflict.document as Doc;
      if (conflict.reason !== undefined || real._deleted === true) {
        this.stats.refused += 1;
        this.written.delete(real.id);
        return;
      }
      // Stale: someone (a user or the Okta worker) wrote first. The app's merge, then again.
      this.stats.conflicts += 1;
      const theirs = stripDeleted(real);
      next = mergeConflict({ assumedMasterState: base, realMasterState: theirs, newDocumentState: next }, false);
      base = theirs;
    }
  }

  /** Shares one of this user's accounts with a user of another group. */
  private async share(): Promise<void> {
    const accountId = this.pick(this.ownedAccountIds());
    if (!accountId) return this.edit();
    const myGroup = Math.floor(this.index / this.group);
    const grantee = this.pick(this.everyone.filter((u) => Math.floor(indexOf(u) / this.group) !== myGroup));
    if (!grantee) return;
    this.pushes += 1;
    const share: Doc = {
      ...makeShare(
        { account: accountId },
        { user: grantee.id },
        'collaborator',
        `g-${this.index}.${this.device}-${this.pushes}`,
      ),
    };
    const body = PushResponse.parse(
      await this.call('/api/v1/replication/shares/push', {
        method: 'POST',
        body: JSON.stringify([{ newDocumentState: { ...share, _deleted: false }, assumedMasterState: null }]),
      }),
    );
    if (body.conflicts.length === 0) {
      this.stats.accepted += 1;
      this.stats.grants.add(share.id);
      this.myGrants.push(share);
    } else {
      this.stats.refused += 1;
    }
  }

  /** Revokes a share this user granted earlier. */
  private async revoke(): Promise<void> {
    const share = this.myGrants.shift();
    if (!share) return this.edit();
    const current = this.replica.shares.get(share.id) ?? share;
    const body = PushResponse.parse(
      await this.call('/api/v1/replication/shares/push', {
        method: 'POST',
        body: JSON.stringify([
          {
            newDocumentState: { id: share.id, _deleted: true },
            assumedMasterState: { ...current, _deleted: false },
          },
        ]),
      }),
    );
    if (body.conflicts.length === 0) {
      this.stats.accepted += 1;
      this.stats.revokes.add(share.id);
    } else {
      this.stats.refused += 1;
    }
  }
}

class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

function indexOf(user: User): number {
  return Number(user.id.slice(1));
}

function stripDeleted(doc: Doc): Doc {
  const { _deleted: _d, ...rest } = doc;
  return rest as Doc;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
