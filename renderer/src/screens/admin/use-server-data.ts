import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { useApp } from '../app-context';
import { callApi } from '../call-api';

export type ServerData<T> = { phase: 'loading' } | { phase: 'ready'; data: T } | { phase: 'failed'; message: string };

/**
 * One GET on the sync server through the host's passthrough, parsed with the wire schema where
 * it enters the renderer; `reload` asks again (after a change, or from a "Try again" button).
 * A null path skips the call (the person may not make it).
 */
export function useServerData<S extends z.ZodType>(
  path: string | null,
  schema: S,
): { state: ServerData<z.output<S>>; reload: () => void } {
  const { api } = useApp();
  const [state, setState] = useState<ServerData<z.output<S>>>({ phase: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger.
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((previous) => (previous.phase === 'ready' ? previous : { phase: 'loading' }));
    void callApi(api, 'GET', path).then((outcome) => {
      if (!live) return;
      if (!outcome.ok) return setState({ phase: 'failed', message: outcome.message });
      const parsed = schema.safeParse(outcome.body);
      setState(
        parsed.success
          ? { phase: 'ready', data: parsed.data }
          : {
              phase: 'failed',
              message: 'The sync server sent an answer this app does not understand. Update Latchkey.',
            },
      );
    });
    return () => {
      live = false;
    };
  }, [api, path, schema, tick]);
  return { state, reload };
}
