/**
 * What the desktop needs to know to sign in: the Okta authorization server, the native
 * client registered there, the audience the sync server expects, and where the sync server is.
 * The demo fills these from the simulator; a real install from its configuration file.
 */
import { z } from 'zod';
import { OidcClientId } from '../../../domain/desktop-settings';
import { isLoopbackHost } from '../../../domain/secure-url';

export const SessionConfig = z.object({
  /** e.g. https://example.okta.com/oauth2/default */
  issuer: z.url(),
  /** A native (public) OIDC client: no secret, PKCE required (RFC 8252 §8.4); the settings' rule. */
  clientId: OidcClientId,
  /** The `aud` the sync server verifies on access tokens (Okta custom authorization server). */
  audience: z.string().min(1).max(500),
  syncServerUrl: z.url(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'offline_access']),
  /** How long the loopback listener waits for the browser before giving up. */
  signInTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
});
export type SessionConfig = z.infer<typeof SessionConfig>;
export type SessionConfigInput = z.input<typeof SessionConfig>;

export type TransportCheck =
  | { readonly ok: true; readonly insecureLoopback: boolean }
  | { readonly ok: false; readonly code: 'insecure_url'; readonly reason: string };

/**
 * Tokens travel only over TLS, except to a server on this machine (the simulator, a local
 * sync server): plain http is accepted for loopback hosts (the rule of domain/secure-url.ts, which
 * the settings check when they are saved) and refused everywhere else.
 */
export function checkTransport(raw: string): TransportCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'insecure_url', reason: `not a URL: ${raw}` };
  }
  if (url.protocol === 'https:') return { ok: true, insecureLoopback: false };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return { ok: true, insecureLoopback: true };
  }
  return {
    ok: false,
    code: 'insecure_url',
    reason: `${url.origin} is neither https nor a loopback address`,
  };
}
