/**
 * Local changes not yet accepted or answered by the server, for "offline, N pending changes".
 * RxDB keeps the actual queue (its push checkpoint); this only counts what the user changed, by
 * collection and id, and survives a reload (storage is passed in: localStorage in the app). Ids
 * are not secret; no field values are kept here.
 */
import type { CollectionName, RecordRef } from '../../../domain/wire/collections';

export interface PendingChanges {
  add(collection: CollectionName, id: string): void;
  settle(collection: CollectionName, ids: readonly string[]): void;
  count(): number;
  has(collection: CollectionName, id: string): boolean;
  /** Resolves once none of `refs` is pending (at once if none is), or after `withinMs` at most. */
  settled(refs: readonly RecordRef[], withinMs: number): Promise<void>;
  subscribe(listener: (count: number) => void): () => void;
}

export function createPendingChanges(storage: Pick<Storage, 'getItem' | 'setItem'>, key: string): PendingChanges {
  const keys = new Set<string>(read(storage.getItem(key)));
  const listeners = new Set<(count: number) => void>();
  const changed = () => {
    storage.setItem(key, JSON.stringify([...keys]));
    for (const listener of listeners) listener(keys.size);
  };
  return {
    add(collection, id) {
      const k = `${collection}:${id}`;
      if (keys.has(k)) return;
      keys.add(k);
      changed();
    },
    settle(collection, ids) {
      let removed = false;
      for (const id of ids) removed = keys.delete(`${collection}:${id}`) || removed;
      if (removed) changed();
    },
    count: () => keys.size,
    has: (collection, id) => keys.has(`${collection}:${id}`),
    settled(refs, withinMs) {
      const waiting = () => refs.some((ref) => keys.has(`${ref.collection}:${ref.id}`));
      if (!waiting()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const check = () => {
          if (!waiting()) done();
        };
        const timer = setTimeout(done, withinMs);
        listeners.add(check);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function read(raw: string | null): string[] {
  if (raw === null) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
