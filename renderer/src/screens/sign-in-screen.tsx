import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { navigate } from '../stores/route-store';
import { signIn, useSession } from '../stores/session-store';
import { useSettings } from '../stores/settings-store';

export function SignInScreen({ api }: { api: LatchkeyApi }) {
  const session = useSession();
  const settings = useSettings();
  const busy = session.phase === 'signed-out' && session.busy;
  // A new install knows no server yet: lead the person to Settings rather than to a refusal.
  const notConfigured = settings.phase === 'ready' && !settings.view.configured;
  const openSettings = () => navigate({ screen: 'settings' });
  return (
    <main className="screen sign-in" aria-labelledby="screen-title">
      <h2 id="screen-title">Sign in to Latchkey</h2>
      {notConfigured ? (
        <>
          <p>
            Latchkey is not set up on this device yet. Enter your organisation’s sync server and Okta settings (your IT
            admin has them), then sign in.
          </p>
          <button type="button" className="primary" onClick={openSettings}>
            Open Settings
          </button>
        </>
      ) : (
        <>
          <p>Sign in with your company’s Okta account to see the accounts shared with you.</p>
          <div className="sign-in-actions">
            <button
              type="button"
              className="primary"
              disabled={busy || session.phase === 'loading'}
              onClick={() => void signIn(api)}
            >
              {busy ? 'Waiting for Okta in your browser…' : 'Sign in with Okta'}
            </button>
            {settings.phase === 'ready' && (
              <button type="button" onClick={openSettings}>
                Open Settings
              </button>
            )}
          </div>
        </>
      )}
      {session.phase === 'signed-out' && session.notice && (
        <p className="notice" role="status" data-testid="signed-out-notice">
          {session.notice}
        </p>
      )}
      {session.phase === 'signed-out' && session.error && (
        <p className="error-text" role="alert">
          {session.error}
        </p>
      )}
    </main>
  );
}
