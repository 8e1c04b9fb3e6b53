/**
 * A signed-in member (or a script with their token, or many tokens from one address) hammers
 * the costly and guess-worthy routes: replication push, launch authorisation, sync-extended
 * and the audit log. Past the limit the server answers 429 with `Retry-After` and does the
 * work no more; other people are not slowed by one person's limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { perMinute } from '../../sync-server/http/rate-limit';

let world: SyncWorld;
const PER_USER = 3;
const PER_ADDRESS = 5;
beforeAll(async () => {
  const tight = { perUser: perMinute(PER_USER), perAddress: perMinute(PER_ADDRESS) };
  world = await startSyncWorld('pglite', {
    rateLimits: { push: tight, launch: tight, audit: tight, syncExtended: tight },
  });
});
afterAll(async () => {
  await world?.close();
});

async function call(person: Person, method: string, path: string, body?: unknown, from?: string, on = world) {
  const res = await fetch(`${on.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await on.token(person)}`,
      ...(from === undefined ? {} : { 'x-forwarded-for': from }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text };
}

describe('one member cannot hammer push, launch or the audit log', () => {
  it('answers 429 with Retry-After past the per-user limit of each route, and writes nothing more', async () => {
    const pushes = [];
    for (let i = 0; i <= PER_USER; i++) pushes.push(await call('bob', 'POST', '/api/v1/replication/shares/push', []));
    expect(pushes.slice(0, PER_USER).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(pushes[PER_USER]?.status).toBe(429);
    expect(Number(pushes[PER_USER]?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(pushes[PER_USER]?.body ?? '{}')).toMatchObject({ error: { code: 'rate_limited' } });

    const launches = [];
    for (let i = 0; i <= PER_USER; i++)
      launches.push(await call('bob', 'POST', '/api/v1/launch/acct-shared/authorize'));
    expect(launches.slice(0, PER_USER).every((r) => r.status === 200)).toBe(true);
    expect(launches[PER_USER]?.status).toBe(429);
    // The refused launch was not authorised, so it is not in the audit log either.
    const launched = await world.server.db.query<{ n: string }>('select count(*)::text as n from launch_events');
    expect(launched[0]?.n).toBe(String(PER_USER));

    const audits = [];
    for (let i = 0; i <= PER_USER; i++) audits.push(await call('ada', 'GET', '/api/v1/audit'));
    expect(audits.slice(0, PER_USER).every((r) => r.status === 200)).toBe(true);
    expect(audits[PER_USER]?.status).toBe(429);
    expect(audits[PER_USER]?.retryAfter).not.toBeNull();

    const syncs = [];
    for (let i = 0; i <= PER_USER; i++) syncs.push(await call('cy', 'POST', '/api/v1/me/sync-extended'));
    expect(syncs[PER_USER]?.status).toBe(429);
  });

  it('counts every token from one address together: past the per-address limit, a fresh user is refused too', async () => {
    // Earlier pushes from this address: Bob's four. One more from Cy reaches the address's five.
    expect((await call('cy', 'POST', '/api/v1/replication/shares/push', [])).status).toBe(200);
    const next = await call('ada', 'POST', '/api/v1/replication/shares/push', []);
    expect(next.status).toBe(429);
    expect(next.retryAfter).not.toBeNull();
    // Naming another address does not escape it: this server trusts no balancer.
    expect((await call('ada', 'POST', '/api/v1/replication/shares/push', [], '203.0.113.9')).status).toBe(429);
  });
});

describe('behind a trusted load balancer', () => {
  it('counts each client address the balancer names apart', async () => {
    const behind = await startSyncWorld('pglite', {
      trustProxy: ['127.0.0.1'],
      rateLimits: { push: { perUser: perMinute(100), perAddress: perMinute(PER_ADDRESS) } },
    });
    try {
      const push = (person: Person, from: string) =>
        call(person, 'POST', '/api/v1/replication/shares/push', [], from, behind);
      const office = [];
      for (let i = 0; i <= PER_ADDRESS; i++) office.push((await push(i % 2 ? 'bob' : 'cy', '198.51.100.7')).status);
      expect(office.slice(0, PER_ADDRESS).every((s) => s === 200)).toBe(true);
      expect(office[PER_ADDRESS]).toBe(429);
      // Someone at another address, through the same balancer, is not held by the office's limit.
      expect((await push('ada', '198.51.100.8')).status).toBe(200);
    } finally {
      await behind.close();
    }
  });
});
