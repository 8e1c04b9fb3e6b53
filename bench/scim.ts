/**
 * `npm run bench -- scim`: SCIM throughput on PGlite (the embedded default).
 *
 * 1. Okta's provisioning sequence for 10,000 users (lookup by userName, then create) and 500
 *    groups of 20 members (lookup by displayName, create, PATCH add members), 8 at a time.
 * 2. 16 concurrent raw clients: userName lookups of existing users, then creates.
 *
 * The server runs in a child process (the SCIM plugin on the records repository, PGlite in a
 * temp folder), so the load generator does not share its event loop with the server it measures.
 *
 * Target: lookups ≥ 1,000/s with p99 < 50 ms. Sizes can be lowered for a quick run with
 * SCIM_BENCH_USERS / SCIM_BENCH_GROUPS.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { oktaUser, patchOp, SCIM_JSON, startScim } from '../dev/stack/scim-harness';
import type { Figures } from './run';

const USERS = Number(process.env.SCIM_BENCH_USERS ?? 10_000);
const GROUPS = Number(process.env.SCIM_BENCH_GROUPS ?? 500);
const MEMBERS = 20;
const OKTA_CONCURRENCY = 8;
const CLIENTS = 16;
const LOOKUPS = 20_000;
const CREATES = 2_000;

if (process.env.SCIM_BENCH_ROLE === 'server') await serve();

async function serve(): Promise<void> {
  // The benchmark is the abusive client here: lift the rate limit so it measures the server.
  const scim = await startScim('pglite', { rateLimit: { perSecond: 1e9, burst: 1e9 } });
  process.send?.({ base: scim.base, token: scim.token });
  // The parent asks for this process's CPU time around a phase: the server's own cost per request.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  await once(process, 'disconnect');
  await scim.close();
  process.exit(0);
}

interface Client {
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few known fields of SCIM JSON
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

function client(base: string, token: string): Client {
  return {
    async request(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: SCIM_JSON,
          ...(body ? { 'content-type': SCIM_JSON } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

export default async function scimBench(): Promise<Figures> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, SCIM_BENCH_ROLE: 'server' } });
  const [ready] = (await once(child, 'message')) as [{ base: string; token: string }];
  const scim = client(ready.base, ready.token);
  const serverCpuMs = async (): Promise<number> => {
    const reply = once(child, 'message') as Promise<[{ cpu: NodeJS.CpuUsage }]>;
    child.send('cpu');
    const [{ cpu }] = await reply;
    return (cpu.user + cpu.system) / 1000;
  };
  try {
    // Other work on the machine slows every figure here; the load average says how much.
    const figures: Figures = {
      store: 'pglite',
      users: USERS,
      groups: GROUPS,
      group_members: MEMBERS,
      machine_cpus: availableParallelism(),
      machine_load_1m_at_start: round(loadavg()[0] ?? 0),
    };

    const userIds: string[] = [];
    const provisionUsers = await timed(OKTA_CONCURRENCY, USERS, async (i, time) => {
      const userName = `user${i}.bench@example.com`;
      const found = await time(() =>
        scim.request('GET', `/Users?filter=${q(`userName eq "${userName}"`)}&startIndex=1&count=100`),
      );
      if (found.body.totalResults !== 0) throw new Error(`unexpected existing ${userName}`);
      const created = await time(() => scim.request('POST', '/Users', oktaUser(userName, { externalId: `00u${i}` })));
      expect(created.status, 201, 'create user');
      userIds[i] = created.body.id;
    });
    Object.assign(figures, summary('okta_users', provisionUsers));
    figures.okta_users_per_s = round(USERS / provisionUsers.seconds);

    const provisionGroups = await timed(OKTA_CONCURRENCY, GROUPS, async (g, time) => {
      const displayName = `Team ${g}`;
      const found = await time(() =>
        scim.request('GET', `/Groups?filter=${q(`displayName eq "${displayName}"`)}&startIndex=1&count=100`),
      );
      if (found.body.totalResults !== 0) throw new Error(`unexpected existing ${displayName}`);
      const created = await time(() =>
        scim.request('POST', '/Groups', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName,
          members: [],
        }),
      );
      expect(created.status, 201, 'create group');
      const members = Array.from({ length: MEMBERS }, (_, m) => ({
        value: userIds[(g * MEMBERS + m) % userIds.length],
      }));
      const patched = await time(() =>
        scim.request('PATCH', `/Groups/${created.body.id}`, patchOp({ op: 'add', path: 'members', value: members })),
      );
      expect(patched.status, 200, 'add members');
    });
    Object.assign(figures, summary('okta_groups', provisionGroups));
    figures.okta_groups_per_s = round(GROUPS / provisionGroups.seconds);

    const lookupCpuBefore = await serverCpuMs();
    const lookups = await timed(CLIENTS, LOOKUPS, async (i, time) => {
      const userName = `user${(i * 7919) % USERS}.bench@example.com`;
      const res = await time(() =>
        scim.request('GET', `/Users?filter=${q(`userName eq "${userName.toUpperCase()}"`)}`),
      );
      if (res.body.totalResults !== 1) throw new Error(`lookup of ${userName} found ${res.body.totalResults}`);
    });
    Object.assign(figures, summary('lookup', lookups));
    // Load-independent: server CPU per lookup, and what one dedicated core would therefore serve.
    const lookupCpuMs = ((await serverCpuMs()) - lookupCpuBefore) / LOOKUPS;
    figures.lookup_server_cpu_ms = Math.round(lookupCpuMs * 1000) / 1000;
    figures.lookup_capacity_rps_per_core = Math.round(1000 / lookupCpuMs);

    const creates = await timed(CLIENTS, CREATES, async (i, time) => {
      const res = await time(() => scim.request('POST', '/Users', oktaUser(`raw${i}.client@example.com`)));
      expect(res.status, 201, 'raw create');
    });
    Object.assign(figures, summary('create', creates));
    figures.machine_load_1m_at_end = round(loadavg()[0] ?? 0);
    figures.lookup_target_met =
      (figures.lookup_rps as number) >= 1000 && (figures.lookup_p99_ms as number) < 50 ? 'yes' : 'no';
    return figures;
  } finally {
    child.disconnect();
    await once(child, 'exit');
  }
}

type Time = <T>(fn: () => Promise<T>) => Promise<T>;

/** Runs `count` tasks `concurrency` at a time, recording each HTTP request's latency. */
async function timed(concurrency: number, count: number, task: (i: number, time: Time) => Promise<void>) {
  const latencies: number[] = [];
  const time: Time = async (fn) => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      latencies.push(performance.now() - start);
    }
  };
  const limit = pLimit(concurrency);
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => limit(() => task(i, time))));
  return { seconds: (performance.now() - start) / 1000, latencies };
}

function summary(prefix: string, run: { seconds: number; latencies: number[] }): Figures {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return {
    [`${prefix}_requests`]: sorted.length,
    [`${prefix}_rps`]: round(sorted.length / run.seconds),
    [`${prefix}_p50_ms`]: round(at(50)),
    [`${prefix}_p99_ms`]: round(at(99)),
    [`${prefix}_seconds`]: round(run.seconds),
  };
}

function expect(actual: number, wanted: number, what: string): void {
  if (actual !== wanted) throw new Error(`${what}: HTTP ${actual}, expected ${wanted}`);
}

const q = encodeURIComponent;
const round = (n: number) => Math.round(n * 10) / 10;
