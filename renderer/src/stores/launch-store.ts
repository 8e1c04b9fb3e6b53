import { create } from 'zustand';
import type { LatchkeyApi } from '../../../domain/ipc-contract';

// The last `latchkey://launch/:id` hand-off; the launch screen that acts on it comes with issue "launch".
export const useLaunchRequest = create<{ accountId: string | null }>(() => ({ accountId: null }));

export function followLaunchRequests(api: LatchkeyApi): () => void {
  return api.on('launch:requested', ({ accountId }) => useLaunchRequest.setState({ accountId }));
}
