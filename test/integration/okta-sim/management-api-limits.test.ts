import { Client } from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { TEST_SEED } from './support/seed';

let sim: OktaSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: Parameters<typeof startOktaSim>[0] = {}): Promise<OktaSim> {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED, ...opts });
  return sim;
}

function api(s: OktaSim, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `SSWS ${s.apiToken}`);
  return fetch(`${s.url}${path}`, { ...init, headers });
}

describe('authentication and errors', () => {
  it('answers a wrong or missing SSWS token with 401 E0000011 in Okta’s error shape', async () => {
    const s = await start();
    for (const authorization of ['SSWS wrong', 'Bearer x', '']) {
      const res = await fetch(`${s.url}/api/v1/apps`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorCauses: [],
      });
      expect(body.errorId).toMatch(/^oae[A-Za-z0-9]{17}$/);
    }
    // The token never reaches the request log.
    expect(JSON.stringify(s.requests())).not.toContain(s.apiToken);
  });

  it('rejects malformed JSON with E0000003 and unsupported filters with E0000031', async () => {
    const s = await start();
    const bad = await api(s, '/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }).errorCode).toBe('E0000003');
    const filter = await api(s, `/api/v1/apps?filter=${encodeURIComponent('label sw "x"')}`);
    expect(filter.status).toBe(400);
    expect(((await filter.json()) as { errorCode: string }).errorCode).toBe('E0000031');
  });

  it('answers an unreadable cursor with an empty page', async () => {
    const s = await start();
    const res = await api(s, '/api/v1/users?after=not-a-cursor');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});

describe('rate limits', () => {
  it('reports X-Rate-Limit headers per bucket and answers 429 E0000047 when a bucket is empty', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const s = await start({ rateLimits: { 'api/v1/apps': 3 }, now: () => new Date(clock) });
    const seen: Array<[number, string | null, string | null]> = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await api(s, '/api/v1/apps');
      seen.push([res.status, res.headers.get('x-rate-limit-remaining'), res.headers.get('x-rate-limit-reset')]);
    }
    const reset = String(clock / 1000 + 60);
    expect(seen).toEqual([
      [200, '2', reset],
      [200, '1', reset],
      [200, '0', reset],
      [429, '0', reset],
    ]);
    // Another bucket is counted on its own.
    const users = await api(s, '/api/v1/users');
    expect(users.status).toBe(200);
    expect(users.headers.get('x-rate-limit-limit')).toBe('600');
    expect(s.counters()).toMatchObject({ total: 5, rateLimited: 1, byBucket: { 'api/v1/apps': 4, 'api/v1/users': 1 } });

    clock += 60_000;
    const fresh = await api(s, '/api/v1/apps');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-rate-limit-remaining')).toBe('2');
  });

  it('limits concurrent requests and reports the concurrency limit', async () => {
    const s = await start({ concurrencyLimit: 2 });
    // Latency keeps the first requests in flight while the others arrive.
    s.faults.set({ latencyMs: 1000 });
    const results = await Promise.all([1, 2, 3, 4].map(() => api(s, '/api/v1/groups')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.headers.get('x-rate-limit-limit')).toBe('2');
  });

  it('lets the official SDK back off and retry after an injected 429', async () => {
    const s = await start();
    const client = new Client({ orgUrl: s.url, token: s.apiToken, authorizationMode: 'SSWS', cacheMiddleware: null });
    s.faults.set({ burst429: 1 });
    const group = await client.groupApi.getGroup({ groupId: TEST_SEED.groups?.[0]?.id ?? '' });
    expect(group.profile?.name).toBe('Marketing');
    const calls = s.requests();
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]?.headers['x-okta-retry-count']).toBe('1');
  });
});

describe('injected faults', () => {
  it('answers 5xx at the configured rate', async () => {
    const s = await start();
    s.faults.set({ errorRate: 1 });
    const res = await api(s, '/api/v1/apps');
    expect(res.status).toBe(500);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000009');
    s.faults.clear();
    expect((await api(s, '/api/v1/apps')).status).toBe(200);
  });

  it('drops connections without an answer', async () => {
    const s = await start();
    s.faults.set({ dropRate: 1 });
    await expect(api(s, '/api/v1/apps')).rejects.toThrow();
    expect(s.requests().at(-1)?.status).toBe(0);
  });
});
