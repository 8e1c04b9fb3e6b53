/**
 * What an operator watches, on a real server over PostgreSQL: `/healthz` and `/readyz` (a store
 * whose connections are cut, a store missing a migration), Prometheus metrics that move with real
 * requests and never name a person, an account or a token, and request ids.
 */
import { EventSource } from 'eventsource';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_ADMIN_URL } from '../../../dev/stack/postgres';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { Account } from '../../../domain/records';
import { StreamEvent } from '../../../domain/wire/replication';
import { type MetricsServer, startMetricsServer } from '../../../sync-server/ops/metrics-server';
import { rotateScimToken } from '../../../sync-server/scim/token';

let world: SyncWorld;
let metrics: MetricsServer;
beforeAll(async () => {
  world = await startSyncWorld('postgres');
  metrics = await startMetricsServer(world.server.built.metrics, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await metrics?.close();
  await world?.close();
});

const readyz = async (): Promise<{ status: number; body: { status: string; reasons?: string[] } }> => {
  const res = await fetch(`${world.server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[] } };
};

/** A connection of its own to the server's database, as an operator's psql would be. */
const withOperatorConnection = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> =>
  withConnection(world.server.databaseUrl ?? '', fn);

async function withConnection<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function api(person: Person, method: string, path: string, body?: unknown) {
  return fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await world.token(person)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A live stream as the desktop opens it; `next` waits for an event after those already seen. */
async function openStream(person: Person) {
  const token = await world.token(person);
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  const source = new EventSource(`${world.server.url}/api/v1/replication/stream`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
  });
  source.onmessage = (m) => {
    events.push(StreamEvent.parse(JSON.parse(m.data)));
    for (const wake of waiters.splice(0)) wake();
  };
  await new Promise<void>((resolve) => {
    source.onopen = () => resolve();
  });
  let seen = 0;
  const next = async (match: (e: StreamEvent) => boolean): Promise<StreamEvent> => {
    for (;;) {
      while (seen < events.length) {
        const event = events[seen++] as StreamEvent;
        if (match(event)) return event;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  // Every connection starts with RESYNC; later ones are what the tests wait for.
  await next((e) => e.type === 'RESYNC');
  return { next, close: () => source.close() };
}

const scrape = async (): Promise<string> => {
  const res = await fetch(metrics.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** The value of one sample, `name{labels} value`; 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const braces = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (braces === null) continue;
    const found = Object.fromEntries(
      [...(braces[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(braces[2]);
  }
  return 0;
}

describe('health', () => {
  it('answers /healthz while the process runs, with the body earlier callers read', async () => {
    const res = await fetch(`${world.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', ok: true });
  });

  it('is ready on a migrated, reachable store', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('turns unready while PostgreSQL refuses the server its connections, and ready again once they come back', async () => {
    const stream = await openStream('bob');
    const database = new URL(world.server.databaseUrl ?? '').pathname.slice(1);
    // From the maintenance database: a database cannot refuse connections to itself from inside.
    await withConnection(POSTGRES_ADMIN_URL, async (c) => {
      // No new connection may be made, so the pool cannot reconnect until the operator allows it.
      await c.query(`alter database ${pg.escapeIdentifier(database)} with allow_connections false`);
      await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
      try {
        await expect.poll(async () => (await readyz()).status, { timeout: 15_000 }).toBe(503);
        const { body } = await readyz();
        expect(body.status).toBe('unready');
        expect(body.reasons?.join('\n')).toMatch(/^store unreachable: /m);
        await expect
          .poll(async () => (await readyz()).body.reasons)
          .toContain('change feed not listening: live updates paused until the store is back');
        // Liveness is not readiness: the process itself is fine.
        expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);
      } finally {
        await c.query(`alter database ${pg.escapeIdentifier(database)} with allow_connections true`);
      }
    });
    await expect.poll(async () => (await readyz()).status, { timeout: 15_000 }).toBe(200);
    expect((await readyz()).body).toEqual({ status: 'ready' });

    // The stream opened before the outage is told to pull again (it may have missed changes),
    // and hears the next change: its server listens again.
    try {
      await stream.next((e) => e.type === 'RESYNC');
      const current = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
      const doc = { ...current, _deleted: false };
      const pushed = await api('ada', 'POST', '/api/v1/replication/accounts/push', [
        { assumedMasterState: doc, newDocumentState: { ...doc, labels: ['after-outage'] } },
      ]);
      expect(await pushed.json()).toEqual({ conflicts: [] });
      await stream.next((e) => e.type === 'change' && e.collections.includes('accounts'));
    } finally {
      stream.close();
    }
  });

  it('turns unready, naming the migration, when the store lacks one this code ships', async () => {
    const last = await withOperatorConnection(async (c) => {
      const rows = await c.query<{ version: string }>('select max(version) as version from schema_migrations');
      const version = rows.rows[0]?.version ?? '';
      await c.query('delete from schema_migrations where version = $1', [version]);
      return version;
    });
    try {
      expect(last).toMatch(/^\d{4}_/);
      const { status, body } = await readyz();
      expect(status).toBe(503);
      expect(body).toEqual({ status: 'unready', reasons: [`migrations not applied: ${last}`] });
    } finally {
      await withOperatorConnection((c) => c.query('insert into schema_migrations (version) values ($1)', [last]));
    }
    expect((await readyz()).status).toBe(200);
  });
});

describe('metrics', () => {
  it('count pulls, pushes, SCIM calls and launches by route pattern, and name no person, account or token', async () => {
    const before = await scrape();
    const { token: scimToken } = await rotateScimToken(world.server.db, 'operations test');

    const pulled = await api('ada', 'GET', '/api/v1/replication/accounts/pull');
    expect(pulled.status).toBe(200);
    const docs = ((await pulled.json()) as { documents: Account[] }).documents;
    const vendor = docs.find((d) => d.id === 'acct-private') as Account;
    const pushed = await api('ada', 'POST', '/api/v1/replication/accounts/push', [
      { assumedMasterState: vendor, newDocumentState: { ...vendor, name: 'Renamed vendor' } },
    ]);
    expect(pushed.status).toBe(200);
    expect(((await pushed.json()) as { conflicts: unknown[] }).conflicts).toEqual([]);

    const filter = 'userName eq "hidden.person@example.com"';
    const listed = await fetch(`${world.server.url}/scim/v2/Users?filter=${encodeURIComponent(filter)}`, {
      headers: { authorization: `Bearer ${scimToken}` },
    });
    expect(listed.status).toBe(200);

    // Cy holds no role on the account: refused. Bob collaborates on it: authorised.
    expect((await api('cy', 'POST', '/api/v1/launch/acct-shared/authorize', {})).status).toBe(403);
    expect((await api('bob', 'POST', '/api/v1/launch/acct-shared/authorize', {})).status).toBe(200);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('latchkey_replication_pulls_total', { collection: 'accounts' })).toBe(1);
    expect(moved('latchkey_replication_pulled_documents_total', { collection: 'accounts' })).toBe(docs.length);
    expect(moved('latchkey_replication_pushes_total', { collection: 'accounts' })).toBe(1);
    expect(moved('latchkey_replication_pushed_documents_total', { collection: 'accounts', outcome: 'accepted' })).toBe(
      1,
    );
    expect(moved('latchkey_scim_requests_total', { resource: 'Users', operation: 'list', status: '200' })).toBe(1);
    expect(moved('latchkey_launches_total', { outcome: 'refused' })).toBe(1);
    expect(moved('latchkey_launches_total', { outcome: 'authorized' })).toBe(1);
    const launchRoute = { route: '/api/v1/launch/:accountId/authorize', method: 'POST' };
    expect(moved('latchkey_http_requests_total', { ...launchRoute, status: '403' })).toBe(1);
    expect(moved('latchkey_http_requests_total', { ...launchRoute, status: '200' })).toBe(1);
    expect(moved('latchkey_http_request_duration_seconds_count', launchRoute)).toBe(2);
    expect(after).toMatch(/^latchkey_okta_outbox_depth \d+$/m);
    expect(after).toMatch(/^latchkey_okta_outbox_oldest_age_seconds [\d.e+-]+$/m);
    expect(after).toMatch(/^latchkey_sse_clients 0$/m);

    for (const secret of [
      'acct-shared',
      'acct-private',
      'Renamed vendor',
      'Brand Instagram',
      '@example.com',
      'hidden.person',
      'user-bob',
      OKTA_ID_PREFIX,
      scimToken,
      await world.token('ada'),
    ]) {
      expect(after).not.toContain(secret);
    }
  });

  it('count open live streams as SSE clients', async () => {
    const controller = new AbortController();
    const res = await fetch(`${world.server.url}/api/v1/replication/stream`, {
      headers: { authorization: `Bearer ${await world.token('bob')}`, 'x-request-id': 'stream-req-1' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('stream-req-1');
    try {
      expect(sample(await scrape(), 'latchkey_sse_clients')).toBe(1);
    } finally {
      controller.abort();
    }
    await expect.poll(async () => sample(await scrape(), 'latchkey_sse_clients')).toBe(0);
  });

  it('are per server: a second server in the same process starts from zero', async () => {
    const other = await startSyncWorld('postgres');
    try {
      const text = await other.server.built.metrics.text();
      expect(sample(text, 'latchkey_replication_pulls_total', { collection: 'accounts' })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('request ids', () => {
  it('echo a safe x-request-id, and replace one that is long or unsafe', async () => {
    const kept = await fetch(`${world.server.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.42_x' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42_x');
    for (const bad of ['a'.repeat(65), 'id with spaces', 'x"}{"injected":"1', 'ada@example.com']) {
      const res = await fetch(`${world.server.url}/healthz`, { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id, bad).toMatch(/^[0-9a-f-]{36}$/);
    }
    const a = (await fetch(`${world.server.url}/healthz`)).headers.get('x-request-id');
    const b = (await fetch(`${world.server.url}/healthz`)).headers.get('x-request-id');
    expect(a).not.toBe(b);
  });
});

/** Okta ids of the world's people all start so (sync-world.ts). */
const OKTA_ID_PREFIX = '00uada';
