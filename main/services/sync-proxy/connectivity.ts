/** Online/offline as the UI shows it: did the sync server answer the last time we asked? */
export type Connectivity = 'online' | 'offline' | 'unknown';

export function createConnectivity() {
  let state: Connectivity = 'unknown';
  const listeners = new Set<(state: Connectivity) => void>();
  return {
    current: (): Connectivity => state,
    report(reachable: boolean): void {
      const next: Connectivity = reachable ? 'online' : 'offline';
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener(state);
    },
    onChange(listener: (state: Connectivity) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type ConnectivityTracker = ReturnType<typeof createConnectivity>;
