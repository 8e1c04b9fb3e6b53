/**
 * While the desktop session is locked (main/services/lock/desktop-lock.ts), every channel that
 * could hand the renderer a secret or act for the user answers `locked` before its service runs:
 * the replica key, sync, api calls, clipboard copies, launches — and a new sign-in, which would
 * otherwise put another person's tokens under the lock and let them unlock it. One list, applied
 * to the handler map both hosts dispatch through, so neither transport can skip it.
 */
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

export function refuseWhileLocked(handlers: IpcHandlers, isLocked: () => boolean): IpcHandlers {
  return {
    ...handlers,
    'session:sign-in': (input) => (isLocked() ? LOCKED_FAILURE : handlers['session:sign-in'](input)),
    'replica:key': (input) => (isLocked() ? LOCKED_FAILURE : handlers['replica:key'](input)),
    'sync:pull': (input) => (isLocked() ? LOCKED_FAILURE : handlers['sync:pull'](input)),
    'sync:push': (input) => (isLocked() ? LOCKED_FAILURE : handlers['sync:push'](input)),
    'api:request': (input) => (isLocked() ? LOCKED_FAILURE : handlers['api:request'](input)),
    'clipboard:copy': (input) => (isLocked() ? LOCKED_FAILURE : handlers['clipboard:copy'](input)),
    'launch:open': (input) => (isLocked() ? lockedLaunch('none', input.accountId) : handlers['launch:open'](input)),
    'launch:confirm': (input) =>
      isLocked() ? lockedLaunch(input.launchId, 'unknown') : handlers['launch:confirm'](input),
    'launch:fill': (input) => (isLocked() ? lockedLaunch(input.launchId, 'unknown') : handlers['launch:fill'](input)),
  };
}
