/**
 * The retry rules of the SDK executor, against a scripted HTTP server: a 429 waits for
 * `X-Rate-Limit-Reset` and is repeated, a 5xx read is repeated with backoff, and an app create
 * that fails ambiguously is never repeated (the reconciler looks it up by URL instead).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GovernedExecutor } from '../../../sync-server/okta/governed-executor';
import { RateGovernor } from '../../../sync-server/okta/rate-governor';

type Script = Array<{ status: number; headers?: Record<string, string> }>;

async function scriptedServer(script: Script): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const step = script[Math.min(hits, script.length - 1)] ?? { status: 200 };
    hits += 1;
    req.resume();
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
    res.end(JSON.stringify(step.status < 300 ? { id: '0oa1' } : { errorCode: 'E0000009', errorSummary: 'boom' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, server };
}

describe('GovernedExecutor retry rules', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Waits are recorded and advance a fake clock instead of taking real time. */
  const executor = (sleeps: number[]) => {
    let now = Date.now();
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    };
    return new GovernedExecutor({
      governor: new RateGovernor({ maxConcurrency: 4, resetJitterMs: 0, now: () => now, sleep }),
      sleep,
      random: () => 0.5,
    });
  };
  type Req = Parameters<GovernedExecutor['fetch']>[0] & { body?: string };
  const req = (url: string, method: string, body?: string): Req => ({ url, method, ...(body ? { body } : {}) });

  it('repeats a 429 after waiting for X-Rate-Limit-Reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 30;
    const rl = { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) };
    const s = await scriptedServer([{ status: 429, headers: rl }, { status: 200 }]);
    server = s.server;
    const sleeps: number[] = [];
    const res = await executor(sleeps).fetch(req(`${s.url}/api/v1/apps`, 'POST', '{}'));
    expect(res.status).toBe(200);
    expect(s.hits()).toBe(2);
    // The wait ran until the reset Okta announced (about 30 s away), not a fixed short backoff.
    expect(Math.max(...sleeps)).toBeGreaterThan(25_000);
  });

  it('repeats a failed read with backoff, but never an app create whose outcome is unknown', async () => {
    const read = await scriptedServer([{ status: 503 }, { status: 502 }, { status: 200 }]);
    server = read.server;
    const sleeps: number[] = [];
    const res = await executor(sleeps).fetch(req(`${read.url}/api/v1/apps/0oa1/users`, 'GET'));
    expect(res.status).toBe(200);
    expect(read.hits()).toBe(3);
    expect(sleeps.length).toBe(2);
    await new Promise((resolve) => read.server.close(resolve));

    const create = await scriptedServer([{ status: 503 }, { status: 200 }]);
    server = create.server;
    const once = await executor([]).fetch(req(`${create.url}/api/v1/apps`, 'POST', '{}'));
    expect(once.status).toBe(503);
    expect(create.hits()).toBe(1);
  });
});
