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
  reason: 'Sign-in is not set up yet: enter the sync server URL and the Okta issuer in Settings.',
} as const;

const SIGNED_OUT = { signedIn: false, user: null, remembered: false, persistenceUnavailableReason: null };

/** `current` is asked at each call: the Settings screen may configure sign-in while the app runs. */
export function desktopIpcHandlers(current: () => DesktopServices | undefined): Pick<IpcHandlers, DesktopChannel> {
  return {
    'session:status': () => current()?.status() ?? SIGNED_OUT,
    'session:sign-in': () => current()?.session.signIn() ?? NOT_CONFIGURED,
    'session:sign-out': () => current()?.session.signOut() ?? NOT_CONFIGURED,
    // Answered once the lock is saved: an app quit right after "Lock now" starts locked.
    'session:lock': async () => {
      const desktop = current();
      if (!desktop) return SIGNED_OUT;
      const status = desktop.lock('manual');
      await desktop.lockRemembered();
      return status;
    },
    'session:unlock': () => current()?.unlock() ?? NOT_CONFIGURED,
    'session:activity': () => current()?.activity(),
    'sync:pull': (input) => current()?.sync.pull(input) ?? NOT_CONFIGURED,
    'sync:push': (input) => current()?.sync.push(input) ?? NOT_CONFIGURED,
    'sync:connectivity': () => current()?.sync.connectivity() ?? 'unknown',
    'api:request': (input) => current()?.sync.api(input.method, input.path, input.body) ?? NOT_CONFIGURED,
    'replica:key': () => current()?.replicaKey() ?? NOT_CONFIGURED,
  };
}
