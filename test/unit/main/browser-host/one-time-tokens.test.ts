import { describe, expect, it } from 'vitest';
import { ConnectionToken } from '../../../../domain/ipc-wire';
import { createOneTimeTokens, offeredToken } from '../../../../main/browser-host/one-time-tokens';

describe('one-time connection tokens', () => {
  it('are 256 random bits, new each time', () => {
    const tokens = createOneTimeTokens();
    const a = tokens.issue('link');
    expect(ConnectionToken.safeParse(a).success).toBe(true);
    expect(tokens.issue('ticket')).not.toBe(a);
  });

  it('open once, and say what they were issued for', () => {
    const tokens = createOneTimeTokens();
    const link = tokens.issue('link');
    const ticket = tokens.issue('ticket');
    expect(tokens.redeem(ticket)).toBe('ticket');
    expect(tokens.redeem(link)).toBe('link');
    expect(tokens.redeem(link)).toBeNull();
    expect(tokens.redeem(ticket)).toBeNull();
  });

  it('match only the exact token', () => {
    const tokens = createOneTimeTokens();
    const token = tokens.issue('link');
    for (const wrong of [token.slice(0, -1), `${token}0`, token.toUpperCase(), '', null]) {
      expect(tokens.redeem(wrong)).toBeNull();
    }
    expect(tokens.redeem(token)).toBe('link');
  });

  it('are read from the subprotocol offer only next to our wire protocol', () => {
    expect(offeredToken('latchkey.v1, token.abc')).toBe('abc');
    expect(offeredToken(['latchkey.v1', 'token.abc'])).toBe('abc');
    expect(offeredToken('token.abc')).toBeNull();
    expect(offeredToken('latchkey.v1')).toBeNull();
    expect(offeredToken(undefined)).toBeNull();
  });
});
