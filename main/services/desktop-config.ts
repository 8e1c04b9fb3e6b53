/**
 * Where the desktop finds its Okta authorization server and sync server: environment variables,
 * so the demo (scripts/start.ts) can fill them from the simulator it starts and an install can
 * set them in its launcher. Nothing here is secret; the native client has no secret (RFC 8252 §8.4).
 */
import { z } from 'zod';
import { DESKTOP_CLIENT_ID } from '../../domain/desktop-client';
import { SessionConfig } from './session/session-config';

export const DESKTOP_ENV = {
  issuer: 'LATCHKEY_OIDC_ISSUER',
  clientId: 'LATCHKEY_OIDC_CLIENT_ID',
  audience: 'LATCHKEY_OIDC_AUDIENCE',
  syncServerUrl: 'LATCHKEY_SYNC_SERVER_URL',
  lockAfterMinutes: 'LATCHKEY_LOCK_AFTER_MINUTES',
} as const;

/** Minutes without activity before auto-lock: 0 turns it off; fractions are for tests (0.05 = 3 s). */
const LockAfterMinutes = z.coerce
  .number()
  .min(0)
  .max(24 * 60);

/**
 * Auto-lock's idle time in milliseconds from `LATCHKEY_LOCK_AFTER_MINUTES` (default 10, 0 never).
 * A value that is not a number in 0–1440 keeps the default and says why, rather than never locking.
 */
export function lockAfterMsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaultMinutes: number,
): { readonly afterMs: number; readonly warning: string | null } {
  const raw = env[DESKTOP_ENV.lockAfterMinutes];
  if (raw === undefined || raw.trim() === '') return { afterMs: defaultMinutes * 60_000, warning: null };
  const parsed = LockAfterMinutes.safeParse(raw.trim());
  if (!parsed.success) {
    return {
      afterMs: defaultMinutes * 60_000,
      warning: `${DESKTOP_ENV.lockAfterMinutes}=${raw.slice(0, 40)} is not a number of minutes from 0 to 1440: locking after ${defaultMinutes}`,
    };
  }
  return { afterMs: Math.round(parsed.data * 60_000), warning: null };
}

export type DesktopConfigResult =
  | { readonly ok: true; readonly config: SessionConfig }
  | { readonly ok: false; readonly code: 'not_configured' | 'invalid_config'; readonly reason: string };

export function desktopConfigFromEnv(env: Readonly<Record<string, string | undefined>>): DesktopConfigResult {
  const raw = {
    issuer: env[DESKTOP_ENV.issuer],
    clientId: env[DESKTOP_ENV.clientId] ?? DESKTOP_CLIENT_ID,
    audience: env[DESKTOP_ENV.audience] ?? 'api://latchkey',
    syncServerUrl: env[DESKTOP_ENV.syncServerUrl],
  };
  if (raw.issuer === undefined || raw.syncServerUrl === undefined) {
    return {
      ok: false,
      code: 'not_configured',
      reason: `set ${DESKTOP_ENV.issuer} and ${DESKTOP_ENV.syncServerUrl} to enable sign-in`,
    };
  }
  const parsed = SessionConfig.safeParse(raw);
  if (!parsed.success) return { ok: false, code: 'invalid_config', reason: z.prettifyError(parsed.error) };
  return { ok: true, config: parsed.data };
}
