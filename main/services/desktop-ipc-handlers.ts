/**
 * The IPC handlers of the desktop services, merged into the host's handler map by
 * main/ipc/handlers.ts. Inputs arrive already parsed by the dispatch wrapper; outputs are
 * parsed again against the contract there, so nothing but the contract's fields can leave.
 */
import type { IpcChannel } from '../../domain/ipc-contract';
import type { IpcHandlers } from '../ipc/dispatch';
import type { DesktopServices } from './desktop-services';

export type DesktopChannel = Extract<
  IpcChannel,
  `session:${string}` | `sync:${string}` | `api:${string}` | `replica:${string}`
>;

const NOT_CONFIGURED = {
  ok: false,
  code: 'not_configured',
  reason:
    'Sign-in is not configured: set LATCHKEY_OIDC_ISSUER, LATCHKEY_OIDC_CLIENT_ID, LATCHKEY_OIDC_AUDIENCE and LATCHKEY_SYNC_SERVER_URL.',
} as const;

const SIGNED_OUT = { signedIn: false, user: null, remembered: false, persistenceUnavailableReason: null };

export function desktopIpcHandlers(desktop: DesktopServices | undefined): Pick<IpcHandlers, DesktopChannel> {
  if (!desktop) {
    return {
      'session:status': () => SIGNED_OUT,
      'session:sign-in': () => NOT_CONFIGURED,
      'session:sign-out': () => NOT_CONFIGURED,
      'session:lock': () => SIGNED_OUT,
      'session:unlock': () => NOT_CONFIGURED,
      'session:activity': () => undefined,
      'sync:pull': () => NOT_CONFIGURED,
      'sync:push': () => NOT_CONFIGURED,
      'sync:connectivity': () => 'unknown',
      'api:request': () => NOT_CONFIGURED,
      'replica:key': () => NOT_CONFIGURED,
    };
  }
  return {
    'session:status': () => desktop.status(),
    'session:sign-in': () => desktop.session.signIn(),
    'session:sign-out': () => desktop.session.signOut(),
    // Answered once the lock is saved: an app quit right after "Lock now" starts locked.
    'session:lock': async () => {
      const status = desktop.lock('manual');
      await desktop.lockRemembered();
      return status;
    },
    'session:unlock': () => desktop.unlock(),
    'session:activity': () => desktop.activity(),
    'sync:pull': (input) => desktop.sync.pull(input),
    'sync:push': (input) => desktop.sync.push(input),
    'sync:connectivity': () => desktop.sync.connectivity(),
    'api:request': (input) => desktop.sync.api(input.method, input.path, input.body),
    'replica:key': () => desktop.replicaKey(),
  };
}
