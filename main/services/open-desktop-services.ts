/**
 * What each host calls at start-up: read the configuration, open the keychain, build the
 * desktop services. Returns undefined when sign-in is not configured, so the app still opens
 * and its session channels answer `not_configured`.
 */
import { guardOpenExternal } from '../security/external-url';
import { desktopConfigFromEnv, lockAfterMsFromEnv } from './desktop-config';
import { createDesktopServices, type DesktopServices } from './desktop-services';
import { DEFAULT_LOCK_AFTER_MINUTES } from './lock/desktop-lock';
import type { OsUserCheck } from './lock/os-user-check';
import { DEFAULT_KEYCHAIN_SERVICE, openKeychainSecretStore } from './secret-store/keychain-secret-store';
import type { SecretStore } from './secret-store/secret-store';
import type { OpenExternal } from './session/sign-in-flow';

export interface OpenDesktopServicesOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openExternal: OpenExternal;
  readonly log: (message: string, context: Record<string, unknown>) => void;
  /** Tests pass their own store; the app opens the OS keychain. */
  readonly secretStore?: SecretStore;
  /** Electron on macOS: Touch ID unlocks before Okta is asked (os-user-check.ts). */
  readonly userCheck?: OsUserCheck;
}

export async function openDesktopServices(options: OpenDesktopServicesOptions): Promise<DesktopServices | undefined> {
  const config = desktopConfigFromEnv(options.env);
  if (!config.ok) {
    options.log('sign-in disabled', { code: config.code, reason: config.reason });
    return undefined;
  }
  const secretStore = options.secretStore ?? (await openKeychainSecretStore(DEFAULT_KEYCHAIN_SERVICE));
  if (!secretStore.availability.available) {
    // Said once at start-up, and shown in the UI through SessionStatus.persistenceUnavailableReason.
    options.log('no OS keychain: sign-ins will not be remembered', { reason: secretStore.availability.reason });
  }
  const lock = lockAfterMsFromEnv(options.env, DEFAULT_LOCK_AFTER_MINUTES);
  if (lock.warning) options.log('auto-lock setting ignored', { reason: lock.warning });
  return createDesktopServices({
    lock: { afterMs: lock.afterMs, userCheck: options.userCheck },
    config: config.config,
    secretStore,
    // Both hosts hand URLs to the OS only through this guard: https, or loopback http.
    openExternal: guardOpenExternal(options.openExternal),
  });
}
