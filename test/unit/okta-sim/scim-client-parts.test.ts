import { describe, expect, it } from 'vitest';
import { dashboardPage } from '../../../okta-sim/dashboard/my-apps';
import { ScimTransportError, scimRequest } from '../../../okta-sim/scim/scim-http';
import { lookupQuery } from '../../../okta-sim/scim/scim-payloads';
import { ProvisioningFailure, TaskQueue } from '../../../okta-sim/scim/tasks';
import type { SimApp } from '../../../okta-sim/state/records';

const target = { baseUrl: 'http://scim.test/scim/v2/', token: 't0k' };

function scripted(responses: Array<() => Response>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    return next();
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('scimRequest', () => {
  it('waits the integer Retry-After on 429 and tries again', async () => {
    const slept: number[] = [];
    const { calls, fetchImpl } = scripted([
      () => new Response('{}', { status: 429, headers: { 'retry-after': '3' } }),
      () => new Response('{"id":"u1"}', { status: 201 }),
    ]);
    const res = await scimRequest(
      target,
      'POST',
      '/Users',
      { userName: 'a' },
      {
        fetch: fetchImpl,
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    );
    expect(res).toEqual({ status: 201, body: { id: 'u1' }, attempts: 2 });
    expect(slept).toEqual([3000]);
    expect(calls[0]?.url).toBe('http://scim.test/scim/v2/Users');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer t0k');
  });

  it('falls back to one second for a Retry-After that is not an integer, and stops after maxAttempts', async () => {
    const slept: number[] = [];
    const { fetchImpl } = scripted([
      () => new Response('', { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }),
      () => new Response('', { status: 429, headers: { 'retry-after': '-5' } }),
      () => new Response('{"detail":"still busy"}', { status: 429 }),
    ]);
    const res = await scimRequest(target, 'GET', '/Users', undefined, {
      fetch: fetchImpl,
      sleep: async (ms) => {
        slept.push(ms);
      },
      maxAttempts: 3,
    });
    expect(res.status).toBe(429);
    expect(slept).toEqual([1000, 1000]);
  });

  it('names a connection failure', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(scimRequest(target, 'GET', '/Users', undefined, { fetch: fetchImpl })).rejects.toBeInstanceOf(
      ScimTransportError,
    );
  });
});

describe('lookupQuery', () => {
  it('quotes the value so a hostile userName stays one filter value', () => {
    const q = new URLSearchParams(lookupQuery('userName', 'a" or userName pr or "b\\'));
    expect(q.get('filter')).toBe('userName eq "a\\" or userName pr or \\"b\\\\"');
    expect(q.get('startIndex')).toBe('1');
    expect(q.get('count')).toBe('100');
  });
});

describe('TaskQueue', () => {
  it('runs tasks one at a time in order and records failures without stopping', async () => {
    const order: string[] = [];
    const unexpected: unknown[] = [];
    const q = new TaskQueue(
      () => new Date('2030-01-01T00:00:00Z'),
      (e) => unexpected.push(e),
    );
    q.enqueue('user.push', 'u1', async () => {
      order.push('u1:start');
      await Promise.resolve();
      order.push('u1:end');
    });
    q.enqueue('user.push', 'u2', async () => {
      order.push('u2');
      throw new ProvisioningFailure(409, 'taken');
    });
    q.enqueue('user.update', 'u3', async () => {
      throw new RangeError('bug');
    });
    await q.idle();
    expect(order).toEqual(['u1:start', 'u1:end', 'u2']);
    expect(q.tasks().map((t) => [t.targetId, t.status])).toEqual([
      ['u1', 'SUCCESS'],
      ['u2', 'FAILED'],
      ['u3', 'FAILED'],
    ]);
    expect(q.tasks()[1]?.error).toBe('SCIM server answered 409: taken');
    // Only the unexpected error is reported as such.
    expect(unexpected).toHaveLength(1);
  });
});

describe('dashboardPage', () => {
  it('escapes app labels and ids', () => {
    const app = { id: '0oa"><x', name: 'bookmark', label: '<img src=x onerror=alert(1)>', seq: 3 } as SimApp;
    const html = dashboardPage('<b>Eve</b>', [app]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Eve');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data-app-id="0oa&quot;&gt;&lt;x"');
  });
});
