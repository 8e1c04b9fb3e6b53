/**
 * The environment variables that configure the desktop for development and the demo
 * (scripts/start.ts fills them from the simulator it starts). Each overrides its field of the
 * settings file (main/services/settings/): the Settings screen shows it as set by the variable
 * and does not let it be changed there. Nothing here is secret; the native client has no secret
 * (RFC 8252 §8.4).
 */
import type { DesktopSettings, SettingsField } from '../../domain/desktop-settings';
import type { SessionConfigInput } from './session/session-config';

export const DESKTOP_ENV = {
  issuer: 'LATCHKEY_OIDC_ISSUER',
  clientId: 'LATCHKEY_OIDC_CLIENT_ID',
  audience: 'LATCHKEY_OIDC_AUDIENCE',
  syncServerUrl: 'LATCHKEY_SYNC_SERVER_URL',
  lockAfterMinutes: 'LATCHKEY_LOCK_AFTER_MINUTES',
} as const;

/** Which variable overrides each setting; the clipboard timeout has none (a device preference). */
export const SETTINGS_ENV: { readonly [F in SettingsField]: string | null } = {
  syncServerUrl: DESKTOP_ENV.syncServerUrl,
  issuer: DESKTOP_ENV.issuer,
  clientId: DESKTOP_ENV.clientId,
  lockAfterMinutes: DESKTOP_ENV.lockAfterMinutes,
  clipboardClearSeconds: null,
};

/** The audience the sync server expects on access tokens (its `--audience`); not a user setting. */
export const DEFAULT_AUDIENCE = 'api://latchkey';

/** What the session needs from the settings in force; null until both addresses are set. */
export function sessionConfigFrom(
  settings: DesktopSettings,
  env: Readonly<Record<string, string | undefined>>,
): SessionConfigInput | null {
  if (settings.issuer === null || settings.syncServerUrl === null) return null;
  const audience = env[DESKTOP_ENV.audience]?.trim();
  return {
    issuer: settings.issuer,
    clientId: settings.clientId,
    audience: audience ? audience : DEFAULT_AUDIENCE,
    syncServerUrl: settings.syncServerUrl,
  };
}
