import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { signIn, useSession } from '../stores/session-store';

export function SignInScreen({ api }: { api: LatchkeyApi }) {
  const session = useSession();
  const busy = session.phase === 'signed-out' && session.busy;
  return (
    <main className="screen sign-in" aria-labelledby="screen-title">
      <h2 id="screen-title">Sign in to Latchkey</h2>
      <p>Sign in with your company’s Okta account to see the accounts shared with you.</p>
      <button
        type="button"
        className="primary"
        disabled={busy || session.phase === 'loading'}
        onClick={() => void signIn(api)}
      >
        {busy ? 'Waiting for Okta in your browser…' : 'Sign in with Okta'}
      </button>
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
