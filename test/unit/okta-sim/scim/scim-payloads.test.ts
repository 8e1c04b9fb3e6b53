import { describe, expect, it } from 'vitest';
import { lookupQuery } from '../../../../okta-sim/scim/scim-payloads';

describe('lookupQuery', () => {
  it('quotes the value so a hostile userName stays one filter value', () => {
    const q = new URLSearchParams(lookupQuery('userName', 'a" or userName pr or "b\\'));
    expect(q.get('filter')).toBe('userName eq "a\\" or userName pr or \\"b\\\\"');
    expect(q.get('startIndex')).toBe('1');
    expect(q.get('count')).toBe('100');
  });
});
