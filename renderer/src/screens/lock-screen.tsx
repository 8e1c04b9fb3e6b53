import type { LatchkeyApi, SessionStatus } from '../../../domain/ipc-contract';
import { LOCK_REASONS, unlock, useUnlock } from '../stores/lock-store';

/** All a locked app shows: who it is locked for, why, and the way back in (Okta asks again). */
export function LockScreen({ api, status }: { api: LatchkeyApi; status: SessionStatus }) {
  const { busy, error } = useUnlock();
  const who = status.user?.name ?? status.user?.email ?? 'you';
  return (
    <main className="screen sign-in lock-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Latchkey is locked</h2>
      <p>
        Locked for {who}. {status.lockedBecause ? LOCK_REASONS[status.lockedBecause] : ''}
      </p>
      <p className="muted">Okta will ask for your password again, even if you are signed in there.</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void unlock(api)}>
        {busy ? 'Waiting for Okta in your browser…' : 'Unlock with Okta'}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
