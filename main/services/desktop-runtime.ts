/**
 * What each host runs at start-up: the desktop settings (settings/settings-store.ts) and the
 * desktop services and launcher built from them — rebuilt when the Settings screen changes the
 * sync server or Okta, so a new user can configure the app without restarting it. Until both
 * addresses are set there are no services, and the session channels answer `not_configured`.
 *
 * A new sync server or Okta never leaves a session pointing at the old one: whoever is signed in
 * is signed out first (the device is wiped as on any sign-out: the replica belongs to the old
 * server), then the services are built again for the new addresses. The lock timeout applies to
 * the running services at once; the clipboard timeout is read at each copy.
 *
 * Events of whichever services are current reach the host's listeners, which subscribe once.
 */
import {
  connectionChanged,
  type SettingsDraft,
  type SettingsSaveAnswer,
  type SettingsView,
} from '../../domain/desktop-settings';
import type { SessionStatus } from '../../domain/ipc-contract';
import type { LaunchStatus } from '../../domain/launch-ipc';
import { guardOpenExternal } from '../security/external-url';
import { sessionConfigFrom } from './desktop-config';
import { createDesktopServices, type DesktopEventListener, type DesktopServices } from './desktop-services';
import type { OpenAutofillWindow } from './launcher/cdp-driver';
import type { Launcher, LauncherDeps } from './launcher/launch-service';
import { openLauncher } from './launcher/open-launcher';
import type { OsUserCheck } from './lock/os-user-check';
import { DEFAULT_KEYCHAIN_SERVICE, openKeychainSecretStore } from './secret-store/keychain-secret-store';
import type { SecretStore } from './secret-store/secret-store';
import type { OpenExternal } from './session/sign-in-flow';
import type { SettingsStore } from './settings/settings-store';

export interface DesktopRuntimeOptions {
  readonly settings: SettingsStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openExternal: OpenExternal;
  readonly log: (message: string, context: Record<string, unknown>) => void;
  /** Tests pass their own store; the app opens the OS keychain when sign-in is first configured. */
  readonly secretStore?: SecretStore;
  /** Electron on macOS: Touch ID unlocks before Okta is asked (os-user-check.ts). */
  readonly userCheck?: OsUserCheck;
  /** The login window for chiclet launches; without it there is no launcher. */
  readonly openWindow?: OpenAutofillWindow;
  /** Told when each step of a launch ends (the launch bench's breakdown). */
  readonly launchTiming?: LauncherDeps['timing'];
  readonly fetch?: typeof fetch;
}

/** What the settings channels call (main/ipc/handlers.ts). */
export interface SettingsControl {
  view(): SettingsView;
  save(draft: SettingsDraft): Promise<SettingsSaveAnswer>;
}

export interface DesktopRuntime {
  /** The current services, or undefined while sign-in is not configured. */
  desktop(): DesktopServices | undefined;
  launcher(): Launcher | undefined;
  readonly settings: SettingsControl;
  onEvent(listener: DesktopEventListener): () => void;
  onLaunchStatus(listener: (status: LaunchStatus) => void): () => void;
  /** After the host listens: silent sign-in from the keychain, if configured. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const SIGNED_OUT: SessionStatus = {
  signedIn: false,
  user: null,
  remembered: false,
  persistenceUnavailableReason: null,
};

/** Reads nothing but the settings already loaded; opens the keychain only once sign-in is configured. */
export async function openDesktopRuntime(options: DesktopRuntimeOptions): Promise<DesktopRuntime> {
  const listeners = new Set<DesktopEventListener>();
  const launchListeners = new Set<(status: LaunchStatus) => void>();
  const emit: DesktopEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  let secretStore: Promise<SecretStore> | null = options.secretStore ? Promise.resolve(options.secretStore) : null;
  const keychain = () => {
    secretStore ??= openKeychainSecretStore(DEFAULT_KEYCHAIN_SERVICE).then((store) => {
      if (!store.availability.available) {
        // Said once, and shown in the UI through SessionStatus.persistenceUnavailableReason.
        options.log('no OS keychain: sign-ins will not be remembered', { reason: store.availability.reason });
      }
      return store;
    });
    return secretStore;
  };

  let current: { desktop: DesktopServices; launcher: Launcher | undefined; stop: () => void } | undefined;

  async function build(): Promise<void> {
    const settings = options.settings.current();
    const config = sessionConfigFrom(settings, options.env);
    if (config === null) {
      options.log('sign-in not configured', { reason: 'the sync server URL or the Okta issuer is not set' });
      current = undefined;
      return;
    }
    const desktop = createDesktopServices({
      config,
      secretStore: await keychain(),
      // Both hosts hand URLs to the OS only through this guard: https, or loopback http.
      openExternal: guardOpenExternal(options.openExternal),
      lock: { afterMs: settings.lockAfterMinutes * 60_000, userCheck: options.userCheck },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const stopEvents = desktop.onEvent(emit);
    const launcher = options.openWindow
      ? openLauncher({
          desktop,
          log: options.log,
          openWindow: options.openWindow,
          ...(options.launchTiming ? { timing: options.launchTiming } : {}),
        })
      : undefined;
    const stopLaunch = launcher?.onStatus((status) => {
      for (const listener of launchListeners) listener(status);
    });
    current = {
      desktop,
      launcher,
      stop: () => {
        stopEvents();
        stopLaunch?.();
      },
    };
  }

  async function teardown(): Promise<void> {
    const old = current;
    current = undefined;
    if (!old) return;
    await old.launcher?.close();
    old.desktop.close();
    old.stop();
  }

  async function apply(before: SettingsView, after: SettingsView): Promise<boolean> {
    if (!connectionChanged(before.values, after.values)) {
      current?.desktop.setLockAfterMs(after.values.lockAfterMinutes * 60_000);
      return false;
    }
    let signedOut = false;
    const status = current?.desktop.status();
    if (current && status && (status.signedIn || status.restoring)) {
      // Revokes at the old Okta and wipes the device; the renderer hears session:wipe as usual.
      const answer = await current.desktop.session.signOut();
      if (!answer.ok) options.log('signing out of the old server failed', { code: answer.code });
      signedOut = true;
    }
    await teardown();
    await build();
    if (current) await current.desktop.start();
    emit('session:changed', current?.desktop.status() ?? SIGNED_OUT);
    options.log('sign-in settings changed', { configured: after.configured, signedOut });
    return signedOut;
  }

  await build();
  // Saves and their application run one at a time: a second save waits for the first rebuild.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    desktop: () => current?.desktop,
    launcher: () => current?.launcher,
    settings: {
      view: () => options.settings.view(),
      save(draft) {
        const run = async (): Promise<SettingsSaveAnswer> => {
          const saved = await options.settings.save(draft);
          if (!saved.ok) {
            return {
              ok: false,
              code: 'invalid_settings',
              reason: 'Some settings are not valid; nothing was saved.',
              fieldErrors: saved.errors,
            };
          }
          const signedOut = await apply(saved.before, saved.view);
          return { ok: true, value: { view: saved.view, signedOut } };
        };
        const result = queue.then(run, run);
        queue = result.catch(() => undefined);
        return result;
      },
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLaunchStatus(listener) {
      launchListeners.add(listener);
      return () => launchListeners.delete(listener);
    },
    async start() {
      await current?.desktop.start();
    },
    close: teardown,
  };
}
