import type { LatchkeyApi } from '../../domain/ipc-contract';
import { ClipboardNotice } from './components/clipboard-notice';
import { LaunchBanner } from './components/launch-banner';
import { ScreenErrorBoundary } from './components/screen-error-boundary';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';
import { SyncIndicator } from './components/sync-indicator';
import { useHeadingFocusOnNavigation } from './screens/heading-focus';
import { LockScreen } from './screens/lock-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { SignInScreen } from './screens/sign-in-screen';
import { SignedIn } from './screens/signed-in';
import { useRoute } from './stores/route-store';
import { signOut, useSession } from './stores/session-store';

/** Signed out: the sign-in screen, or Settings (where a new device is set up before its first sign-in). */
function SignedOutScreens({ api }: { api: LatchkeyApi }) {
  const route = useRoute((state) => state.route);
  useHeadingFocusOnNavigation(route);
  const settings = route.screen === 'settings';
  return (
    <ScreenErrorBoundary key={settings ? 'settings' : 'sign-in'} screen={settings ? 'Settings' : 'Sign in'} api={api}>
      {settings ? <SettingsScreen api={api} /> : <SignInScreen api={api} />}
    </ScreenErrorBoundary>
  );
}

export function App({ api }: { api: LatchkeyApi }) {
  const session = useSession();
  if (session.phase === 'signed-in' && session.status.locked) {
    // Locked: nothing of the signed-in app is mounted, only the way back in (and a running
    // clipboard countdown, which names no secret).
    return (
      <div className="app-frame locked">
        <header className="app-header">
          <h1>Latchkey</h1>
        </header>
        <LockScreen api={api} status={session.status} />
        <ClipboardNotice />
      </div>
    );
  }
  return (
    <div className="app-frame">
      <header className="app-header">
        <h1>Latchkey</h1>
        {session.phase === 'signed-in' && (
          <div className="header-right">
            <SyncIndicator />
            <span className="muted">{session.status.user?.name ?? session.status.user?.email}</span>
            <button type="button" onClick={() => void signOut(api)}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <LaunchBanner />
      <Sidebar />
      {session.phase === 'signed-in' ? (
        <SignedIn api={api} />
      ) : session.phase === 'loading' ? (
        <main className="screen" aria-busy="true">
          <p className="empty-state">Connecting…</p>
        </main>
      ) : (
        <SignedOutScreens api={api} />
      )}
      <ClipboardNotice />
      <StatusBar />
    </div>
  );
}
