/**
 * The SCIM bearer token: required on every request, wrong or missing gets a SCIM 401, rotation
 * invalidates the previous token at once, revocation locks SCIM out, and a client that floods
 * gets 429 with an integer Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ScimHarness, startScim } from '../../../dev/stack/scim-harness';
import { revokeScimToken, rotateScimToken } from '../../../sync-server/scim/token';

describe('SCIM token and rate limit (pglite)', () => {
  let scim: ScimHarness | undefined;
  afterEach(async () => {
    await scim?.close();
    scim = undefined;
  });

  const get = (h: ScimHarness, authorization?: string) =>
    fetch(`${h.base}/Users`, { headers: authorization ? { authorization } : {} });

  it('refuses a missing or wrong token with a SCIM 401; rotation invalidates the old token at once; revoke locks out', async () => {
    scim = await startScim('pglite');
    const ok = await get(scim, `Bearer ${scim.token}`);
    expect(ok.status).toBe(200);

    for (const authorization of [
      undefined,
      'Bearer nope',
      `Basic ${Buffer.from(`x:${scim.token}`).toString('base64')}`,
      scim.token,
    ]) {
      const res = await get(scim, authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '401',
      });
    }

    const { token: rotated } = await rotateScimToken(scim.db, 'test');
    expect((await get(scim, `Bearer ${scim.token}`)).status).toBe(401);
    expect((await get(scim, `Bearer ${rotated}`)).status).toBe(200);

    expect(await revokeScimToken(scim.db)).toBe(true);
    expect((await get(scim, `Bearer ${rotated}`)).status).toBe(401);
  });

  it('stores only a digest of the token', async () => {
    scim = await startScim('pglite');
    const rows = await scim.db.query<Record<string, unknown>>('select * from scim_token');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(scim.token);
  });

  it('answers a client over the rate limit with 429, an integer Retry-After and a SCIM error body', async () => {
    scim = await startScim('pglite', { rateLimit: { perSecond: 0.1, burst: 3 } });
    const h = scim;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(h, `Bearer ${h.token}`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await get(h, `Bearer ${h.token}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await limited.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
    });
    // Guessing tokens is limited too: an unauthenticated flood gets 429, not endless 401s.
    expect((await get(h, 'Bearer guess')).status).toBe(429);
  });
});
