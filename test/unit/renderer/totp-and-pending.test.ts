import { describe, expect, it } from 'vitest';
import { totpAt } from '../../../renderer/src/components/totp';
import { createPendingChanges } from '../../../renderer/src/replica/pending-changes';

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

describe('pending changes', () => {
  const memoryStorage = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };
  it('counts each changed item once until the server answers, and survives a reload', () => {
    const storage = memoryStorage();
    const pending = createPendingChanges(storage, 'k');
    const seen: number[] = [];
    pending.subscribe((n) => seen.push(n));
    pending.add('accounts', 'a1');
    pending.add('accounts', 'a1');
    pending.add('shares', 's1');
    expect(pending.count()).toBe(2);
    expect(createPendingChanges(storage, 'k').count()).toBe(2);
    pending.settle('accounts', ['a1', 'unknown']);
    expect(pending.count()).toBe(1);
    expect(seen).toEqual([1, 2, 1]);
  });
  it('starts empty on unreadable storage', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(createPendingChanges(storage, 'k').count()).toBe(0);
  });
});
