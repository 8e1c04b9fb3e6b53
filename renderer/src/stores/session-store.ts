import { create } from 'zustand';
import type { LatchkeyApi, SessionStatus } from '../../../domain/ipc-contract';

// Who is signed in, as the host says (never a token: domain/ipc-contract.ts SessionStatus).
export type SessionState =
  | { phase: 'loading' }
  | { phase: 'signed-out'; error: string | null; busy: boolean }
  | { phase: 'signed-in'; status: SessionStatus };

export const useSession = create<SessionState>(() => ({ phase: 'loading' }));

function apply(status: SessionStatus): void {
  // While main restores a remembered sign-in (possibly waiting on an unreachable Okta), the window
  // keeps saying "Connecting…": offering "Sign in" then would send a signed-in user to Okta.
  if (!status.signedIn && status.restoring) {
    useSession.setState({ phase: 'loading' });
    return;
  }
  useSession.setState(
    status.signedIn ? { phase: 'signed-in', status } : { phase: 'signed-out', error: null, busy: false },
  );
}

export function followSession(api: LatchkeyApi): () => void {
  void api.invoke('session:status').then((answer) => {
    if (answer.ok) apply(answer.value);
    else useSession.setState({ phase: 'signed-out', error: answer.message, busy: false });
  });
  return api.on('session:changed', apply);
}

export async function signIn(api: LatchkeyApi): Promise<void> {
  useSession.setState({ phase: 'signed-out', error: null, busy: true });
  const answer = await api.invoke('session:sign-in');
  if (!answer.ok) {
    useSession.setState({ phase: 'signed-out', error: answer.message, busy: false });
    return;
  }
  if (!answer.value.ok) {
    useSession.setState({ phase: 'signed-out', error: answer.value.reason, busy: false });
    return;
  }
  apply(answer.value.value);
}

export async function signOut(api: LatchkeyApi): Promise<void> {
  await api.invoke('session:sign-out');
  useSession.setState({ phase: 'signed-out', error: null, busy: false });
}
