import { create } from 'zustand';

/**
 * The "N accounts need a new password" notice on the Accounts screen (UI state): shown once per
 * app start, until the user follows it or dismisses it. Nothing persists, so the next start
 * reminds them again while accounts still wait.
 */
export const useRotationNotice = create<{ done: boolean }>(() => ({ done: false }));

export function closeRotationNotice(): void {
  useRotationNotice.setState({ done: true });
}
