import { useEffect } from 'react';
import { api as routes } from '../../../../domain/wire/api';
import { useServerData } from './use-server-data';

/** While a sync run is under way the bar moves each second; otherwise a new run shows within seconds. */
const RUNNING_POLL_MS = 1_000;
const IDLE_POLL_MS = 5_000;

/**
 * `GET /api/v1/okta/status` while the screen that shows it is open, asked again after each
 * answer: the one channel for a sync run's progress (it is no replicated record, so a run of
 * thousands of accounts writes no settings versions and no audit rows). `ask` false: not asked.
 */
export function useOktaStatus(ask: boolean) {
  const status = useServerData(routes.oktaStatus, ask);
  const { state, reload } = status;
  useEffect(() => {
    // After a failure the screen offers "Try again" instead of asking on its own.
    if (!ask || state.phase !== 'ready') return;
    const timer = setTimeout(reload, state.data.pending > 0 ? RUNNING_POLL_MS : IDLE_POLL_MS);
    return () => clearTimeout(timer);
  }, [ask, state, reload]);
  return status;
}
