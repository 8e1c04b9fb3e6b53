/**
 * Which priority the Okta calls made inside a piece of work have (rate-governor.ts): the drift
 * sweep runs its work in `inBackground`, so every call the SDK makes for it — page after page of
 * a list included — is a background call, without threading a flag through the SDK. `onCall`
 * is told of each HTTP attempt made for that work (the sweep reports how many calls it made).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallPriority } from './rate-governor';

interface CallContext {
  priority: CallPriority;
  onCall?: () => void;
}

const current = new AsyncLocalStorage<CallContext>();

export function inBackground<T>(work: () => Promise<T>, onCall?: () => void): Promise<T> {
  return current.run({ priority: 'background', ...(onCall ? { onCall } : {}) }, work);
}

export function callContext(): CallContext {
  return current.getStore() ?? { priority: 'normal' };
}
