import { describe, expect, it } from 'vitest';
import { totpAt } from '../../../../renderer/src/components/totp';

describe('totpAt', () => {
  // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 → the 6-digit code is its last 6 digits.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890" in Base32
  it('computes the RFC 6238 code and the seconds left in the step', () => {
    expect(totpAt(rfcSecret, 59_000)).toEqual({ code: '287082', secondsLeft: 1 });
    expect(totpAt(rfcSecret, 60_000)?.secondsLeft).toBe(30);
  });
  it('refuses a secret that is not Base32 instead of showing a wrong code', () => {
    expect(totpAt('not base32!', 0)).toBeNull();
  });
});
