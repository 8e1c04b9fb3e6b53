/**
 * The Okta side of signing out, after the local session is already gone: revoke the refresh
 * token (RFC 7009; revoking it ends the grant and its access tokens) and open Okta's end-session
 * endpoint in the system browser, where the Okta session cookie lives (OIDC RP-Initiated Logout §2).
 */
import * as oidc from 'openid-client';
import { classifyOidcError, SessionError } from './oidc-errors';
import type { OpenExternal } from './sign-in-flow';

export interface SignOutReport {
  readonly refreshTokenRevoked: boolean;
  readonly idpSessionEndRequested: boolean;
}

export async function endOktaSession(
  server: oidc.Configuration,
  ending: { readonly refreshToken: string | null; readonly idToken: string | null },
  openExternal: OpenExternal,
): Promise<SignOutReport> {
  let refreshTokenRevoked = false;
  if (ending.refreshToken !== null) {
    try {
      await oidc.tokenRevocation(server, ending.refreshToken, { token_type_hint: 'refresh_token' });
      refreshTokenRevoked = true;
    } catch (error) {
      if (!classifyOidcError(error)) throw new SessionError('oidc_unexpected', 'revocation failed', { cause: error });
    }
  }
  let idpSessionEndRequested = false;
  if (ending.idToken !== null && server.serverMetadata().end_session_endpoint) {
    const endSession = oidc.buildEndSessionUrl(server, { id_token_hint: ending.idToken });
    try {
      await openExternal(endSession.href);
      idpSessionEndRequested = true;
    } catch {
      // The local sign-out already happened; a browser that will not open only leaves Okta's cookie.
    }
  }
  return { refreshTokenRevoked, idpSessionEndRequested };
}
