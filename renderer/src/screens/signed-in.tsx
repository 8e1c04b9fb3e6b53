import { useMemo } from 'react';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { KeyboardShortcuts } from '../components/keyboard-shortcuts';
import { KeychainNotice } from '../components/keychain-notice';
import { SyncIssues } from '../components/sync-indicator';
import { type ReplicaState, useReplica } from '../replica/replica-store';
import { useWorkspaceView } from '../replica/use-workspace';
import { findMe } from '../replica/who-am-i';
import { AppContext } from './app-context';
import { AllAccessBanner } from './profile/all-access-banner';
import { ScreenRouter } from './screen-router';

/** The signed-in app: the replica once open, the workspace read from it, and the current screen. */
export function SignedIn({ api }: { api: LatchkeyApi }) {
  const state = useReplica();
  if (state.phase === 'ready') return <ReadyApp api={api} state={state} />;
  return (
    <main className="screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Accounts</h2>
      {state.phase === 'failed' ? (
        <p className="error-text" role="alert">
          {state.message}
        </p>
      ) : (
        <p className="empty-state" aria-busy="true">
          Opening your accounts on this device…
        </p>
      )}
    </main>
  );
}

function ReadyApp({ api, state }: { api: LatchkeyApi; state: Extract<ReplicaState, { phase: 'ready' }> }) {
  const view = useWorkspaceView(state.handle.replica.collections);
  const me = findMe(view.users, state.meId, state.fallbackEmail);
  const pulled = state.pulled;
  // Until the whole workspace is read, the Accounts list shows the first screen read as the replica opened.
  const { firstScreen: screen, meId, fallbackEmail } = state;
  const firstScreen = useMemo(
    () => (view.loading ? { screen, me: findMe(screen.users, meId, fallbackEmail) } : null),
    [view.loading, screen, meId, fallbackEmail],
  );
  const value = useMemo(
    () => ({ api, handle: state.handle, view, me, pulled, firstScreen }),
    [api, state.handle, view, me, pulled, firstScreen],
  );
  // Users are all read with the first screen: whether "me" is among them is known from it.
  const shownMe = firstScreen ? firstScreen.me : me;
  return (
    <AppContext.Provider value={value}>
      <div className="screen-column">
        {pulled.has('users') && shownMe === null && (
          <p className="notice" role="alert">
            Your user is not in this workspace yet, so you cannot add or change anything. Ask your IT admin to assign
            Latchkey to you in Okta.
          </p>
        )}
        <AllAccessBanner />
        <KeychainNotice credentialsPersisted={state.handle.replica.credentialsPersisted} />
        <SyncIssues />
        <ScreenRouter />
        <KeyboardShortcuts api={api} />
      </div>
    </AppContext.Provider>
  );
}
