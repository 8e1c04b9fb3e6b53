import { useCallback, useEffect, useState } from 'react';
import type { RouteResponse } from '../../../../domain/wire/api';
import { useApp } from '../app-context';
import { type ReadRoute, readApi } from '../call-api';

export type ServerData<T> = { phase: 'loading' } | { phase: 'ready'; data: T } | { phase: 'failed'; message: string };

/**
 * One GET on the sync server through the host's passthrough, its answer parsed with the route's
 * response schema where it enters the renderer (call-api.ts); `reload` asks again (after a
 * change, or from a "Try again" button). `ask` false skips the call (the person may not make it).
 */
export function useServerData<R extends ReadRoute>(
  route: R,
  ask: boolean,
): { state: ServerData<RouteResponse<R>>; reload: () => void } {
  const { api } = useApp();
  const [state, setState] = useState<ServerData<RouteResponse<R>>>({ phase: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger.
  useEffect(() => {
    if (!ask) return;
    let live = true;
    setState((previous) => (previous.phase === 'ready' ? previous : { phase: 'loading' }));
    void readApi(api, route).then((outcome) => {
      if (!live) return;
      setState(outcome.ok ? { phase: 'ready', data: outcome.body } : { phase: 'failed', message: outcome.message });
    });
    return () => {
      live = false;
    };
  }, [api, route, ask, tick]);
  return { state, reload };
}
