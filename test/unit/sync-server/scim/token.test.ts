import { describe, expect, it } from 'vitest';
import { digestToken, generateScimToken, tokenMatches } from '../../../../sync-server/scim/token';

describe('SCIM token', () => {
  it('is 256 random bits, different every time, and matches only its own digest', () => {
    const a = generateScimToken();
    const b = generateScimToken();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(tokenMatches(a, digestToken(a))).toBe(true);
    expect(tokenMatches(b, digestToken(a))).toBe(false);
    expect(tokenMatches('', digestToken(a))).toBe(false);
  });

  it('stores a digest that does not contain the token', () => {
    const token = generateScimToken();
    expect(digestToken(token)).not.toContain(token.slice(9));
    expect(digestToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
