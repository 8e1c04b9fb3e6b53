import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { pickBridge } from './bridge/pick-bridge';
import { closeReplica, openReplicaFor } from './replica/replica-store';
import { loadAppInfo } from './stores/app-info-store';
import { followLaunchRequests } from './stores/launch-store';
import { forgetWhileLocked, reportActivity } from './stores/lock-store';
import { followSession, useSession } from './stores/session-store';
import { loadSettings } from './stores/settings-store';
import './styles.css';

const api = pickBridge();
followLaunchRequests(api);
void loadAppInfo(api);
// Whether sign-in is configured (the sign-in screen leads to Settings if not) and the clipboard timeout.
void loadSettings(api);
followSession(api);
// The replica follows the session: opened for the signed-in user, closed when signed out (and
// removed when main says the session ended: stores/session-store.ts wipeLocalData).
// Locked (main decided: stores/lock-store.ts): the replica closes, and opens again on unlock.
useSession.subscribe((state) => {
  if (state.phase === 'signed-in' && state.status.locked) void forgetWhileLocked();
  else if (state.phase === 'signed-in') void openReplicaFor(api, state.status);
  else if (state.phase === 'signed-out') void closeReplica();
});
reportActivity(api, () => {
  const state = useSession.getState();
  return state.phase === 'signed-in' && !state.status.locked;
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
