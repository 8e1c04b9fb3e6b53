/**
 * The `launch:*` IPC handlers, merged into the host's handler map by main/ipc/handlers.ts.
 * Without a launcher (sign-in not configured) every launch answers `failed/not_configured`.
 */
import type { IpcChannel } from '../../../domain/ipc-contract';
import type { LaunchStatus } from '../../../domain/launch-ipc';
import type { IpcHandlers } from '../../ipc/dispatch';
import type { Launcher } from './launch-service';

export type LaunchChannel = Extract<IpcChannel, `launch:${string}`>;

const notConfigured = (launchId: string, accountId: string): LaunchStatus => ({
  launchId,
  accountId,
  stage: 'failed',
  accountName: null,
  appName: null,
  code: 'not_configured',
  message: 'Launching is not available: sign-in is not configured in this app.',
});

/** `current` is asked at each call: the Settings screen may configure sign-in while the app runs. */
export function launchIpcHandlers(current: () => Launcher | undefined): Pick<IpcHandlers, LaunchChannel> {
  return {
    'launch:open': ({ accountId }) => current()?.open(accountId) ?? notConfigured('none', accountId),
    'launch:confirm': (input) => current()?.confirm(input) ?? notConfigured(input.launchId, 'unknown'),
    'launch:fill': (input) => current()?.fill(input) ?? notConfigured(input.launchId, 'unknown'),
  };
}
