/**
 * What a sync bench run cost the machine: CPU of the server processes and of this database's
 * PostgreSQL backends (from /proc, Linux), and how many backends waited on a lock (sampled from
 * pg_stat_activity every 100 ms). Plus a TCP proxy that puts PostgreSQL a little further away.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { type PostgresProxy, startPostgresProxy } from './postgres-proxy';

const TICKS_PER_S = 100; // USER_HZ on Linux

// Read synchronously: a /proc file is made on the read, with no disk behind it, and the bench
// reads one per process ten times a second in the loop that also drives the clients.
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

export interface Resources {
  serverCpuMs: number;
  postgresCpuMs: number;
  lockWaitersAvg: number;
  /** The same average by what was waited for (pg_stat_activity.wait_event: transactionid, tuple, object…), largest first. */
  lockWaitersByKind: string;
}

export class ResourceSampler {
  private readonly client: pg.Client;
  private timer: NodeJS.Timeout | undefined;
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly backends = new Set<number>();
  private samples = 0;
  private waiters = 0;
  private readonly waitersByKind = new Map<string, number>();

  constructor(
    private readonly database: { url: string; name: string },
    private readonly servers: readonly { pid: number | undefined }[],
  ) {
    this.client = new pg.Client({ connectionString: database.url });
  }

  async start(): Promise<void> {
    await this.client.connect();
    await this.sample();
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 100);
  }

  async stop(): Promise<Resources> {
    clearInterval(this.timer);
    await this.sample();
    await this.client.end();
    const spent = (pids: Iterable<number>) =>
      [...pids].reduce((sum, pid) => sum + ((this.last.get(pid) ?? 0) - (this.first.get(pid) ?? 0)), 0);
    const serverPids = this.servers.map((s) => s.pid).filter((p): p is number => p !== undefined);
    return {
      serverCpuMs: spent(serverPids),
      postgresCpuMs: spent(this.backends),
      lockWaitersAvg: this.samples === 0 ? 0 : this.waiters / this.samples,
      lockWaitersByKind:
        [...this.waitersByKind]
          .sort((a, b) => b[1] - a[1])
          .map(([kind, n]) => `${kind} ${(n / Math.max(1, this.samples)).toFixed(2)}`)
          .join(', ') || 'none',
    };
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number; waiting: string | null }>(
      "select pid, case when wait_event_type = 'Lock' then wait_event end as waiting from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [this.database.name],
    );
    this.samples += 1;
    for (const r of rows) {
      if (r.waiting === null) continue;
      this.waiters += 1;
      this.waitersByKind.set(r.waiting, (this.waitersByKind.get(r.waiting) ?? 0) + 1);
    }
    const pids = [...this.servers.map((s) => s.pid).filter((p): p is number => p !== undefined)];
    for (const r of rows) {
      // A backend first seen mid-run started mid-run: all its CPU counts.
      if (!this.backends.has(r.pid)) this.first.set(r.pid, this.samples === 1 ? (cpuMs(r.pid) ?? 0) : 0);
      this.backends.add(r.pid);
      pids.push(r.pid);
    }
    for (const pid of pids) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, ms);
      this.last.set(pid, ms);
    }
  }
}

/**
 * A TCP proxy in front of PostgreSQL that holds each chunk from the client for `delayMs` before
 * passing it on: every round trip takes that much longer, as with a database in another zone.
 */
export function startDelayProxy(target: URL, delayMs: number): Promise<PostgresProxy> {
  return startPostgresProxy(target, () => {
    // In order, each chunk passed on delayMs after it came: a link that long, not a queue. Chunks
    // that are due together go together (one timer per due time, never one per chunk: Node's
    // shortest timer is 1 ms, so chaining one per chunk would add 1 ms for every chunk waiting).
    const waiting: { due: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pass = (upstream: Socket): void => {
      timer = undefined;
      const now = performance.now();
      while (waiting.length > 0 && (waiting[0] as { due: number }).due <= now) {
        upstream.write((waiting.shift() as { chunk: Buffer }).chunk);
      }
      const next = waiting[0];
      if (next !== undefined) timer = setTimeout(() => pass(upstream), Math.max(0, next.due - now));
    };
    return {
      toServer(chunk, upstream) {
        waiting.push({ due: performance.now() + delayMs, chunk });
        if (timer === undefined) timer = setTimeout(() => pass(upstream), delayMs);
      },
    };
  });
}
