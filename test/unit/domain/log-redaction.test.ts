import { describe, expect, it } from 'vitest';
import { REDACTED, redactForLog, scrubText } from '../../../domain/log-redaction';

describe('what a log may hold', () => {
  it("the browser host's one-time link loses its token, an Okta redirect its code", () => {
    expect(scrubText('open http://127.0.0.1:5123/#token=AbC123xyz to use the app')).toBe(
      `open http://127.0.0.1:5123/#token=${REDACTED} to use the app`,
    );
    expect(scrubText('http://127.0.0.1:9/callback?state=s1&code=c0de&iss=https%3A%2F%2Fokta')).toBe(
      `http://127.0.0.1:9/callback?state=${REDACTED}&code=${REDACTED}&iss=https%3A%2F%2Fokta`,
    );
  });

  it('basic and bearer credentials keep only their scheme', () => {
    expect(scrubText('Authorization: Basic dXNlcjpwYXNz')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(scrubText('bearer sk_live_123.456')).toBe(`bearer ${REDACTED}`);
  });

  it('field names are matched whatever their case or separators', () => {
    expect(
      redactForLog({ Access_Token: 'a', 'client-secret': 'b', replicaKey: 'c', newPassword: 'd', accountId: 'acc_1' }),
    ).toEqual({
      Access_Token: REDACTED,
      'client-secret': REDACTED,
      replicaKey: REDACTED,
      newPassword: REDACTED,
      accountId: 'acc_1',
    });
  });

  it('survives what callers pass by accident: cycles, bytes, functions, deep nesting', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const deep = { a: { b: { c: { d: { e: { f: { g: 'too deep' } } } } } } };
    expect(redactForLog({ loop, bytes: new Uint8Array(16), fn: () => 1, deep })).toEqual({
      loop: { name: 'loop', self: '[circular]' },
      bytes: '[16 bytes]',
      fn: '[function]',
      deep: { a: { b: { c: { d: { e: '[…]' } } } } },
    });
  });
});
