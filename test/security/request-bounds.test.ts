/**
 * Every size that comes from a request is bounded before the server loops or allocates over it.
 * Each bound is sent at its worst: the largest accepted value is served, one more is refused with
 * a 4xx naming the bound, and the server keeps answering. Over real HTTP, on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeCollection } from '../../dev/stack/workspace-factory';
import { PULL_LIMIT_MAX, PUSH_ROWS_MAX } from '../../domain/wire/replication';
import { MAX_SCIM_BODY_DEPTH } from '../../sync-server/scim/http-errors';
import { MAX_PAGE_SIZE } from '../../sync-server/scim/list';
import { DEFAULT_MAX_BODY_BYTES } from '../../sync-server/scim/routes';
import { rotateScimToken } from '../../sync-server/scim/token';

let world: SyncWorld;
let scimToken: string;
let adaToken: string;

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  scimToken = (await rotateScimToken(world.server.db, 'test')).token;
  adaToken = await world.token('ada');
});
afterAll(async () => {
  await world?.close();
});

async function call(path: string, init: { method?: string; body?: string; scim?: boolean } = {}) {
  const res = await fetch(`${world.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.scim ? scimToken : adaToken}`,
      ...(init.body === undefined ? {} : { 'content-type': init.scim ? 'application/scim+json' : 'application/json' }),
    },
    body: init.body,
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

async function stillServing(): Promise<void> {
  expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);
}

const collectionRows = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    newDocumentState: { ...makeCollection({ id: `${prefix}-${i}`, name: `Bound ${i}` }), _deleted: false },
    assumedMasterState: null,
  }));

describe('request sizes are bounded before any loop or allocation', () => {
  it(`a push of ${PUSH_ROWS_MAX} rows is served; ${PUSH_ROWS_MAX + 1} is refused`, async () => {
    const max = await call('/api/v1/replication/collections/push', {
      method: 'POST',
      body: JSON.stringify(collectionRows(PUSH_ROWS_MAX, 'bound-a')),
    });
    expect(max.status).toBe(200);
    expect(max.json).toEqual({ conflicts: [] });
    const over = await call('/api/v1/replication/collections/push', {
      method: 'POST',
      body: JSON.stringify(collectionRows(PUSH_ROWS_MAX + 1, 'bound-b')),
    });
    expect(over.status).toBe(400);
    expect(over.text).toMatch(/500/);
    await stillServing();
  });

  it(`a pull of ${PULL_LIMIT_MAX} is served; a larger limit is refused`, async () => {
    const max = await call(`/api/v1/replication/collections/pull?limit=${PULL_LIMIT_MAX}`);
    expect(max.status).toBe(200);
    const over = await call(`/api/v1/replication/collections/pull?limit=${PULL_LIMIT_MAX + 1}`);
    expect(over.status).toBe(400);
    const huge = await call('/api/v1/replication/collections/pull?checkpoint=9999999999999999999999');
    expect(huge.status).toBe(400);
    await stillServing();
  });

  it('a push body over 5 MiB is 413, and 20,000 levels of nesting are a 400', async () => {
    const big = await call('/api/v1/replication/accounts/push', {
      method: 'POST',
      body: JSON.stringify([{ newDocumentState: { id: 'x', name: 'y'.repeat(5 * 1024 * 1024) } }]),
    });
    expect(big.status).toBe(413);
    const deep = await call('/api/v1/replication/accounts/push', {
      method: 'POST',
      body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    });
    expect(deep.status).toBe(400);
    await stillServing();
  });

  it(`SCIM pages are at most ${MAX_PAGE_SIZE}, and any startIndex is answered`, async () => {
    const page = await call('/scim/v2/Users?count=100000', { scim: true });
    expect(page.status).toBe(200);
    expect(page.json?.itemsPerPage).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    const far = await call('/scim/v2/Users?startIndex=999999999', { scim: true });
    expect(far.status).toBe(200);
    expect(far.json?.Resources).toEqual([]);
    const overflow = await call('/scim/v2/Users?startIndex=99999999999', { scim: true });
    expect(overflow.status).toBe(400);
    await stillServing();
  });

  it(`SCIM bodies nest at most ${MAX_SCIM_BODY_DEPTH} levels and are at most ${DEFAULT_MAX_BODY_BYTES} bytes`, async () => {
    let value: unknown = 'x';
    for (let i = 0; i < MAX_SCIM_BODY_DEPTH; i++) value = { a: value };
    const deep = await call(`/scim/v2/Users/${world.users.cy.id}`, {
      method: 'PATCH',
      scim: true,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'nickName', value }],
      }),
    });
    expect(deep.status).toBe(400);
    expect(deep.json?.detail).toMatch(/deeper than 32/);
    const big = await call('/scim/v2/Groups', {
      method: 'POST',
      scim: true,
      body: JSON.stringify({ displayName: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) }),
    });
    expect(big.status).toBe(413);
    await stillServing();
  });

  it('a SCIM filter of 4,096 characters is parsed; one longer is refused', async () => {
    const clause = 'userName eq "a@example.com"';
    const terms = Array.from({ length: Math.floor(4096 / (clause.length + 4)) }, () => clause);
    const filter = terms.join(' or ');
    const ok = await call(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`, { scim: true });
    expect(ok.status).toBe(200);
    const tooLong = await call(`/scim/v2/Users?filter=${encodeURIComponent(`${filter} or ${'x'.repeat(200)}`)}`, {
      scim: true,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json?.scimType).toBe('invalidFilter');
    await stillServing();
  });

  it('a group of 100,001 members is refused before any member is looked up', async () => {
    const members = Array.from({ length: 100_001 }, (_, i) => ({ value: `u${i}` }));
    const res = await call('/scim/v2/Groups', {
      method: 'POST',
      scim: true,
      body: JSON.stringify({ displayName: 'Everyone', members }),
    });
    expect(res.status).toBe(400);
    expect(res.json?.detail).toMatch(/members/);
    await stillServing();
  });
});
