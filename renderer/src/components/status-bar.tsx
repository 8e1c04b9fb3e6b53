import { describeHost, useAppInfo } from '../stores/app-info-store';

export function StatusBar() {
  const state = useAppInfo();
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      {state.status === 'loading' && 'Connecting…'}
      {state.status === 'ready' && describeHost(state.info)}
      {state.status === 'failed' && <span className="status-error">{state.message}</span>}
    </footer>
  );
}
