/**
 * While the desktop session is locked (main/services/lock/desktop-lock.ts), every channel that
 * could hand the renderer a secret or act for the user answers `locked` before its service runs:
 * the replica key, sync, api calls, clipboard copies, launches — and a new sign-in, which would
 * otherwise put another person's tokens under the lock and let them unlock it. Applied to the
 * handler map both hosts dispatch through, so neither transport can skip it.
 *
 * The table names every channel (the type makes it exhaustive): a channel added to the contract
 * does not compile until someone decides what it does while the app is locked.
 */
import type { IpcChannel, IpcInput, IpcOutput } from '../../domain/ipc-contract';
import type { LaunchStatus } from '../../domain/launch-ipc';
import { LOCKED_FAILURE } from '../services/desktop-services';
import type { IpcHandlers } from './dispatch';

const lockedLaunch = (launchId: string, accountId: string): LaunchStatus => ({
  launchId,
  accountId,
  stage: 'failed',
  accountName: null,
  appName: null,
  code: LOCKED_FAILURE.code,
  message: LOCKED_FAILURE.reason,
});

/** `answer`: served while locked; otherwise the refusal the channel gives instead. */
type WhileLocked = { [C in IpcChannel]: 'answer' | ((input: IpcInput<C>) => IpcOutput<C>) };

const WHILE_LOCKED: WhileLocked = {
  'app:info': 'answer',
  'session:status': 'answer',
  'session:sign-in': () => LOCKED_FAILURE,
  // Signing out ends the lock with the session (and wipes the device as usual).
  'session:sign-out': 'answer',
  'session:lock': 'answer',
  'session:unlock': 'answer',
  'session:activity': 'answer',
  'sync:pull': () => LOCKED_FAILURE,
  'sync:push': () => LOCKED_FAILURE,
  'sync:connectivity': 'answer',
  'api:request': () => LOCKED_FAILURE,
  'replica:key': () => LOCKED_FAILURE,
  'clipboard:copy': () => LOCKED_FAILURE,
  'logs:open-folder': 'answer',
  'logs:screen-failed': 'answer',
  // The lock screen and the sign-in screen read the settings (is sign-in configured?); changing
  // them while locked would let whoever sits at the machine point it at another server or stretch
  // the lock timeout without unlocking.
  'settings:get': 'answer',
  'settings:save': () => LOCKED_FAILURE,
  'launch:open': (input) => lockedLaunch('none', input.accountId),
  'launch:confirm': (input) => lockedLaunch(input.launchId, 'unknown'),
  'launch:fill': (input) => lockedLaunch(input.launchId, 'unknown'),
};

export function refuseWhileLocked(handlers: IpcHandlers, isLocked: () => boolean): IpcHandlers {
  const guarded: Record<string, (input: unknown) => unknown> = {};
  for (const channel of Object.keys(handlers) as IpcChannel[]) {
    const handler = handlers[channel] as (input: unknown) => unknown;
    const refusal = WHILE_LOCKED[channel] as 'answer' | ((input: unknown) => unknown);
    guarded[channel] = refusal === 'answer' ? handler : (input) => (isLocked() ? refusal(input) : handler(input));
  }
  return guarded as IpcHandlers;
}
