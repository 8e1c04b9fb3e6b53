/**
 * `npm run bench -- sync-scale [--seconds 20] [--clients 200] [--big-clients 1000] [--delay-ms 1]
 *  [--only closed|live|kill] [--cpu-prof DIR]`: how the sync path scales, on real processes behind nginx
 * (deploy/nginx/latchkey.conf) on one PostgreSQL, with the machinery of the scale-out bench
 * (bench/scale-out.ts: the built server with its Okta worker running, clients with incremental
 * replicas pulling by checkpoint and holding the live stream open; SCIM provisioning off, so the
 * figures are the sync path's own).
 *
 * - closed: every device pushes back to back (200 clients, groups of 5 sharing their accounts),
 *   1 and 3 processes, then 3 processes with PostgreSQL ~1 ms further away (a TCP proxy holding
 *   each chunk `--delay-ms`), and 3 with one process killed with SIGKILL midway.
 * - floor: the same shape of write in plain node-postgres with no global lock, as many writers,
 *   local and through the proxy: `pushes_per_s / floor` is the sync path's share of it.
 * - live: each user edits one of their own accounts every 2 s (open loop), from their devices in
 *   turn: 100 users × 2 devices, then 200 users × 5 devices. A write concerns only its user, so
 *   `pulls_per_accepted_write` should be the user's device count.
 *
 * Every run prints lost_updates (must be 0) and converged (every replica equals a fresh full pull).
 * Needs PostgreSQL on 127.0.0.1:5432 and nginx (`apt-get install nginx`); it installs nothing.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../dev/stack/postgres';
import { buildServer, type Options, runOnce } from './scale-out';
import { startDelayProxy } from './support/resources';
import { measureWriteFloor } from './support/write-floor';

type Figures = Record<string, number | string>;

export default async function syncScaleBench(): Promise<Figures> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      seconds: { type: 'string', default: '20' },
      clients: { type: 'string', default: '200' },
      'big-clients': { type: 'string', default: '1000' },
      'delay-ms': { type: 'string', default: '1' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  if (spawnSync('nginx', ['-v']).error) {
    console.error('nginx is not installed; install it with: apt-get install nginx');
    process.exit(1);
  }
  await buildServer();
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const delayMs = Number(values['delay-ms']);
  const only = values.only;
  const base: Options = {
    clients,
    seconds,
    processes: [],
    accountsPerUser: 2,
    kill: false,
    mode: 'closed',
    devicesPerUser: 1,
    group: 5,
    editEveryMs: 2000,
    dbDelayMs: 0,
    // The sync path alone: the scale-out bench runs SCIM provisioning alongside.
    scim: false,
    cpuProfDir: values['cpu-prof'],
    // The server's figures at 1,000 clients: every client a light Map replica (scale-out runs RxDB ones too).
    rxdbClients: 0,
  };
  const figures: Figures = { seconds, clients };
  const record = (prefix: string, run: Figures): void => {
    for (const [k, v] of Object.entries(run)) figures[`${prefix}_${k}`] = v;
    console.error(
      Object.entries(run)
        .map(([k, v]) => `  ${prefix}_${k}: ${v}`)
        .join('\n'),
    );
  };

  if (only === undefined || only === 'closed') {
    const floorLocal = await floor(clients, 0, Math.min(seconds, 10));
    const floorAway = await floor(clients, delayMs, Math.min(seconds, 10));
    figures.floor_writes_per_s = Math.round(floorLocal);
    figures.floor_away_writes_per_s = Math.round(floorAway);
    for (const processes of [1, 3]) {
      const run = await runOnce(base, processes, false);
      run.floor_ratio = ratio(Number(run.accepted_pushes_per_s), floorLocal);
      record(`closed_p${processes}`, run);
    }
    const away = await runOnce({ ...base, dbDelayMs: delayMs }, 3, false);
    away.floor_ratio = ratio(Number(away.accepted_pushes_per_s), floorAway);
    record('closed_p3_away', away);
    figures.closed_p3_away_vs_local = ratio(
      Number(away.accepted_pushes_per_s),
      Number(figures.closed_p3_accepted_pushes_per_s),
    );
  }
  if (only === undefined || only === 'kill') {
    record('closed_p3_kill', await runOnce(base, 3, true));
  }
  if (only === undefined || only === 'live') {
    const live: Options = { ...base, mode: 'live', group: 1, accountsPerUser: 1 };
    record('live_p3', await runOnce({ ...live, devicesPerUser: 2 }, 3, false));
    record(
      'live_p3_big',
      await runOnce({ ...live, clients: Number(values['big-clients']), devicesPerUser: 5 }, 3, false),
    );
  }
  return figures;
}

/** The floor on a database of its own, direct or through the delay proxy. */
async function floor(writers: number, delayMs: number, seconds: number): Promise<number> {
  const database = await createTestDatabase('latchkey_floor');
  const proxy = delayMs > 0 ? await startDelayProxy(new URL(database.url), delayMs) : undefined;
  try {
    return await measureWriteFloor({
      databaseUrl: proxy?.url ?? database.url,
      writers,
      rows: writers * 2,
      poolSize: 30,
      seconds,
    });
  } finally {
    await proxy?.close();
    await database.drop();
  }
}

/** Three decimals: these ratios are small. */
function ratio(a: number, b: number): number {
  return Math.round((a / b) * 1000) / 1000;
}
