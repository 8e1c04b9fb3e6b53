import { describe, expect, it } from 'vitest';
import { createLaunchToken, offeredToken, tokenMatches } from '../../../main/browser-host/launch-token';

describe('launch token', () => {
  it('is 256 random bits, new per launch', () => {
    const a = createLaunchToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(createLaunchToken()).not.toBe(a);
  });

  it('is read from the subprotocol offer only next to our wire protocol', () => {
    expect(offeredToken('latchkey.v1, token.abc')).toBe('abc');
    expect(offeredToken(['latchkey.v1', 'token.abc'])).toBe('abc');
    expect(offeredToken('token.abc')).toBeNull();
    expect(offeredToken('latchkey.v1')).toBeNull();
    expect(offeredToken(undefined)).toBeNull();
  });

  it('matches only the exact token', () => {
    const token = createLaunchToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches(`${token}0`, token)).toBe(false);
    expect(tokenMatches(token.toUpperCase(), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
  });
});
