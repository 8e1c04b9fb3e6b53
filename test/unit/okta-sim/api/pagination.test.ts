import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, linkHeader, paginate } from '../../../../okta-sim/api/pagination';

describe('paginate', () => {
  it('visits every item exactly once, in order, whatever the page size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), (n, limit) => {
        const items = Array.from({ length: n }, (_, i) => ({ seq: i * 3 + 1 }));
        const seen: number[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 100; guard += 1) {
          const page = paginate(items, { limit, after }, { limit: 10, max: 200 });
          seen.push(...page.items.map((i) => i.seq));
          if (!page.nextCursor) break;
          after = page.nextCursor;
        }
        expect(seen).toEqual(items.map((i) => i.seq));
      }),
    );
  });

  it('clamps the limit to the endpoint maximum', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1 }));
    expect(paginate(items, { limit: 1000 }, { limit: 2, max: 4 }).items).toHaveLength(4);
  });

  it('keeps cursors valid when earlier items disappear', () => {
    const items = [{ seq: 1 }, { seq: 2 }, { seq: 3 }];
    const first = paginate(items, { limit: 1 }, { limit: 1, max: 1 });
    const page = paginate(items.slice(1), { limit: 1, after: first.nextCursor }, { limit: 1, max: 1 });
    expect(page.items).toEqual([{ seq: 2 }]);
  });

  it('round-trips cursors and rejects foreign ones', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('garbage')).toBeUndefined();
  });
});

describe('linkHeader', () => {
  it('carries self (with the page’s own cursor) and next with the request’s other parameters', () => {
    const h = linkHeader('http://127.0.0.1:1', '/api/v1/apps', { q: 'Page', limit: '2', after: 'old' }, 'c2');
    expect(h).toBe(
      '<http://127.0.0.1:1/api/v1/apps?q=Page&limit=2&after=old>; rel="self", <http://127.0.0.1:1/api/v1/apps?q=Page&limit=2&after=c2>; rel="next"',
    );
  });

  it('names the first page without a cursor', () => {
    expect(linkHeader('http://127.0.0.1:1', '/api/v1/apps', { limit: '2' }, undefined)).toBe(
      '<http://127.0.0.1:1/api/v1/apps?limit=2>; rel="self"',
    );
  });
});
