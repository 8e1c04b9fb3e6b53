/**
 * `npm run bench -- push-cost [--pushes 2000] [--warmup 300] [--clients 4] [--users 40]
 *  [--processes 1] [--cpu-prof DIR]`: what one single-row push costs the server, measured with
 * little load so the figure is the server's own work rather than queueing. `--processes` built
 * server processes (`out/scale-out/server/cli.js`, as the scale benches run it, Okta worker
 * included; one by default) on one fresh PostgreSQL database seeded as sync-scale seeds it (groups
 * of 5 users sharing their accounts); `--clients` loops push back to back, each one account label
 * edit of one of its users at a time. Each user's device talks to one process (user i to process
 * i mod N), directly rather than through nginx, so only the servers' own work is measured.
 *
 * Figures, over the measured pushes (after `--warmup` unmeasured ones, so the JIT has settled):
 * - `server_cpu_ms_per_push`: the server processes' user + system CPU (/proc), divided by pushes;
 * - `postgres_cpu_ms_per_push`: the same for this database's PostgreSQL backends;
 * - `round_trips_per_push`: statements the server waited for (ReadyForQuery messages counted by a
 *   proxy between server and PostgreSQL, support/round-trips.ts), less what the idle server
 *   sends meanwhile (measured for 2 s after the run);
 * - `pushes_per_s`: the closed loop's rate (informative only: it depends on machine load);
 * - `conflicts`: measured pushes answered with a conflict (0 expected: each user edits its own account,
 *   and the Okta worker's first writes to the extended accounts fall in a long enough warm-up).
 * With `--cpu-prof DIR` each server writes a V8 CPU profile there and the top self-time entries
 * of the newest one (support/cpu-profile.ts) are printed. Needs PostgreSQL on 127.0.0.1:5432;
 * installs nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RunningCli } from '../dev/stack/cli-process';
import { oktaUserSeed } from '../dev/stack/okta-seed';
import { createTestDatabase } from '../dev/stack/postgres';
import type { User } from '../domain/records';
import { type Checkpoint, checkpointParams, PushResponse, pullResponseSchema } from '../domain/wire/replication';
import { type OktaSim, startOktaSim } from '../okta-sim/index';
import { buildServer, seed } from './scale-out';
import { topSelfTime } from './support/cpu-profile';
import { requestJson } from './support/http-json';
import { ResourceSampler } from './support/resources';
import { startCountingProxy } from './support/round-trips';

type Figures = Record<string, number | string>;
type Doc = Record<string, unknown> & { id: string; labels: string[] };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'out', 'scale-out', 'server', 'cli.js');
const PULL_ACCOUNTS = pullResponseSchema('accounts');
/** How long a device waits for its account to reach its replica before the bench gives up. */
const START_TIMEOUT_MS = 30_000;

export default async function pushCostBench(): Promise<Figures> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      pushes: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '300' },
      clients: { type: 'string', default: '4' },
      users: { type: 'string', default: '40' },
      processes: { type: 'string', default: '1' },
      'cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  const pushes = Number(values.pushes);
  const warmup = Number(values.warmup);
  const clients = Number(values.clients);
  const userCount = Number(values.users);
  const processCount = Number(values.processes);
  if (!Number.isInteger(processCount) || processCount < 1) throw new Error('--processes takes a whole number ≥ 1');
  const cpuProfDir = values['cpu-prof'];
  await buildServer();
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const database = await createTestDatabase('latchkey_push_cost');
    cleanup.push(() => database.drop());
    const sim = await startOktaSim({
      port: 0,
      seed: { users: oktaUserSeed(userCount) },
      rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 },
      concurrencyLimit: 1_000,
    });
    cleanup.push(() => sim.close());
    const credentialsKey = randomBytes(32).toString('base64');
    const { users } = await seed(database, sim, credentialsKey, {
      clients: userCount,
      seconds: 0,
      processes: [1],
      accountsPerUser: 2,
      kill: false,
      mode: 'closed',
      devicesPerUser: 1,
      group: 5,
      editEveryMs: 0,
      dbDelayMs: 0,
      scim: false,
      rxdbClients: 0,
    });
    const proxy = await startCountingProxy(new URL(database.url));
    cleanup.push(() => proxy.close());
    const servers = Array.from({ length: processCount }, () => startServer(proxy.url, sim, credentialsKey, cpuProfDir));
    for (const server of servers) cleanup.push(() => server.stop());
    const urls = await Promise.all(
      servers.map(async (server) => {
        const [, port] = (await server.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/)) as RegExpExecArray;
        return `http://127.0.0.1:${port}`;
      }),
    );

    const pushers = await Promise.all(
      users.map((user, i) => Pusher.start(urls[i % urls.length] as string, sim, user, i)),
    );
    const loops = (count: number) => {
      let left = count;
      return Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const mine = pushers.filter((_, i) => i % clients === c);
          for (let k = 0; left > 0; k++) {
            left -= 1;
            await (mine[k % mine.length] as Pusher).push();
          }
        }),
      );
    };
    await loops(warmup);
    const conflicts0 = pushers.reduce((n, p) => n + p.conflicts, 0);
    const sampler = new ResourceSampler(database, servers);
    await sampler.start();
    const trips0 = proxy.roundTrips();
    const t0 = performance.now();
    await loops(pushes);
    const elapsedS = (performance.now() - t0) / 1000;
    const trips = proxy.roundTrips() - trips0;
    const resources = await sampler.stop();
    const idle0 = proxy.roundTrips();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idlePerS = (proxy.roundTrips() - idle0) / 2;
    const conflicts = pushers.reduce((n, p) => n + p.conflicts, 0) - conflicts0;
    const figures: Figures = {
      pushes,
      clients,
      processes: processCount,
      pushes_per_s: Math.round(pushes / elapsedS),
      server_cpu_ms_per_push: round(resources.serverCpuMs / pushes),
      postgres_cpu_ms_per_push: round(resources.postgresCpuMs / pushes),
      round_trips_per_push: round((trips - idlePerS * elapsedS) / pushes),
      idle_round_trips_per_s: round(idlePerS),
      conflicts,
    };
    if (cpuProfDir !== undefined) {
      for (const server of servers) await server.stop();
      const file = await newestProfile(cpuProfDir);
      const { busyMs, entries } = await topSelfTime(file, 25);
      console.error(`profile ${file} (busy ${busyMs} ms, warm-up included):`);
      for (const e of entries) console.error(`  ${String(e.share).padStart(5)} %  ${e.name}`);
      entries.slice(0, 5).forEach((e, i) => {
        figures[`profile_top_${i + 1}`] = `${e.share} % ${e.name}`;
      });
    }
    return figures;
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch((err: unknown) => console.error('cleanup:', err));
  }
}

/** One user's device: edits the label of the account it owns, based on what it last pushed. */
class Pusher {
  conflicts = 0;
  private edits = 0;

  private constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private doc: Doc,
  ) {}

  static async start(url: string, sim: OktaSim, user: User, index: number): Promise<Pusher> {
    const token = await sim.issueAccessToken(user.externalId as string, { expiresInSeconds: 3600 });
    const headers = {
      authorization: `Bearer ${token}`,
      'x-latchkey-device': `push-cost-${index}`,
      // One address per user: the per-address push limit is for offices, not for this loop.
      'x-forwarded-for': `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`,
    };
    // A pull serves rows only below the oldest running transaction (the Okta worker's first
    // writes may still run as the loops start), so one pull may not hold the account yet: the
    // device pulls on from its checkpoint, as a replica does.
    let checkpoint: Checkpoint | null = null;
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      const query = new URLSearchParams({ limit: '500', ...checkpointParams(checkpoint) });
      const res = await requestJson(`${url}/api/v1/replication/accounts/pull?${query}`, { headers });
      if (res.status !== 200) throw new Error(`pull → ${res.status}`);
      const page = PULL_ACCOUNTS.parse(res.body);
      const own = page.documents.find((d) => d.id === `a${index}-0`);
      if (own !== undefined && !own._deleted) return new Pusher(url, headers, own as unknown as Doc);
      if (performance.now() > deadline) throw new Error(`user ${index} does not see account a${index}-0`);
      checkpoint = page.checkpoint;
      if (page.documents.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async push(): Promise<void> {
    this.edits += 1;
    const next: Doc = { ...this.doc, labels: [`edit-${this.edits}`] };
    const res = await requestJson(`${this.url}/api/v1/replication/accounts/push`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: next, assumedMasterState: this.doc }]),
    });
    if (res.status !== 200) throw new Error(`push → ${res.status}`);
    const body = PushResponse.parse(res.body);
    const conflict = body.conflicts[0];
    if (conflict === undefined) this.doc = next;
    else {
      this.conflicts += 1;
      this.doc = conflict.document as unknown as Doc;
    }
  }
}

function startServer(databaseUrl: string, sim: OktaSim, key: string, cpuProfDir: string | undefined): RunningCli {
  const { PORT: _p, HOST: _h, LATCHKEY_DATA_DIR: _d, LOG_LEVEL: _l, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      ...(cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`]),
      SERVER,
      ...['--port', '0', '--host', '127.0.0.1', '--issuer', sim.issuer, '--audience', sim.audience],
      ...['--public-url', 'http://127.0.0.1', '--okta-org-url', sim.url, '--log-level', 'error'],
      ...['--trust-proxy', '127.0.0.1'],
    ],
    {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: databaseUrl, LATCHKEY_CREDENTIALS_KEY: key, LATCHKEY_OKTA_API_TOKEN: sim.apiToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new RunningCli(child);
}

async function newestProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const dated = await Promise.all(files.map(async (f) => ({ f, at: (await stat(f)).mtimeMs })));
  const newest = dated.sort((a, b) => b.at - a.at)[0];
  if (newest === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  return newest.f;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
