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

export function launchIpcHandlers(launcher: Launcher | undefined): Pick<IpcHandlers, LaunchChannel> {
  if (!launcher) {
    return {
      'launch:open': ({ accountId }) => notConfigured('none', accountId),
      'launch:confirm': ({ launchId }) => notConfigured(launchId, 'unknown'),
      'launch:fill': ({ launchId }) => notConfigured(launchId, 'unknown'),
    };
  }
  return {
    'launch:open': ({ accountId }) => launcher.open(accountId),
    'launch:confirm': (input) => launcher.confirm(input),
    'launch:fill': (input) => launcher.fill(input),
  };
}
