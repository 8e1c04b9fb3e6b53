import { describe, expect, it } from 'vitest';
import { ScimTransportError, scimRequest } from '../../../../okta-sim/scim/scim-http';

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
