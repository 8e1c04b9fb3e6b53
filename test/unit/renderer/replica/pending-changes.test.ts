import { describe, expect, it, vi } from 'vitest';
import { createPendingChanges } from '../../../../renderer/src/replica/pending-changes';

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
  it('tells when the records a push needs are no longer pending, or gives up waiting after the bound', async () => {
    vi.useFakeTimers();
    try {
      const pending = createPendingChanges(memoryStorage(), 'k');
      const state = (promise: Promise<void>) => {
        let settled = false;
        void promise.then(() => {
          settled = true;
        });
        return () => settled;
      };
      pending.add('accounts', 'a1');
      pending.add('collections', 'c1');
      const both = state(
        pending.settled(
          [
            { collection: 'accounts', id: 'a1' },
            { collection: 'collections', id: 'c1' },
          ],
          15_000,
        ),
      );
      const stale = state(pending.settled([{ collection: 'accounts', id: 'a1' }], 15_000));
      await vi.advanceTimersByTimeAsync(0);
      expect(both()).toBe(false);
      pending.settle('accounts', ['a1']);
      await vi.advanceTimersByTimeAsync(0);
      expect([both(), stale()]).toEqual([false, true]);
      pending.settle('collections', ['c1']);
      await vi.advanceTimersByTimeAsync(0);
      expect(both()).toBe(true);

      pending.add('accounts', 'stuck');
      const bounded = state(pending.settled([{ collection: 'accounts', id: 'stuck' }], 15_000));
      await vi.advanceTimersByTimeAsync(14_999);
      expect(bounded()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(bounded()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
  it('starts empty on unreadable storage', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(createPendingChanges(storage, 'k').count()).toBe(0);
  });
});
