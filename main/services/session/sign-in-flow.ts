/**
 * Interactive sign-in, one linear flow (the shape of openid-client's examples): authorization
 * code + PKCE in the system browser, answered on a loopback redirect (RFC 8252).
 *
 * MUST rules this file keeps:
 * - RFC 7636 §4.1–4.2: a fresh code_verifier per authorization request, sent as its S256
 *   challenge ("plain" is never used).
 * - RFC 8252 §8.1: the system browser, never an embedded web view, so the app never sees the
 *   user's Okta password; `openExternal` is Electron's shell.openExternal in the app.
 * - OIDC Core §3.1.2.1 / §3.1.3.7: `state` binds the response to this request and `nonce` binds
 *   the ID token to it; both are checked by openid-client against the values sent here.
 */
import * as oidc from 'openid-client';
import { startLoopbackRedirect } from './loopback-redirect';
import { classifyOidcError, SessionError } from './oidc-errors';
import type { SessionConfig } from './session-config';
import { identityFromClaims, type TokenSet, tokenSetFrom } from './token-set';

export type OpenExternal = (url: string) => Promise<void>;

export type SignInResult =
  | {
      readonly ok: true;
      readonly tokens: TokenSet;
      /** The ID token's `auth_time` (seconds): when the person last typed their credentials at Okta. */
      readonly authTime: number | null;
    }
  | {
      readonly ok: false;
      readonly code:
        | 'sign_in_timeout'
        | 'sign_in_cancelled'
        | 'sign_in_rejected'
        | 'idp_unreachable'
        | 'browser_unavailable';
      readonly reason: string;
    };

export interface SignInDeps {
  readonly oidc: oidc.Configuration;
  readonly config: SessionConfig;
  readonly openExternal: OpenExternal;
  readonly now: () => number;
  /** Receives a function that abandons this sign-in (app quitting, user pressed cancel). */
  readonly onCancellable?: (cancel: () => void) => void;
  /**
   * Unlock: Okta must ask for the credentials again even when its own session is alive
   * (`prompt=login`, `max_age=0`, OIDC Core §3.1.2.1); the ID token must then carry `auth_time`.
   */
  readonly reauthenticate?: boolean;
}

export async function signInWithBrowser(deps: SignInDeps): Promise<SignInResult> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();

  const redirect = await startLoopbackRedirect({
    expectedState: state,
    timeoutMs: deps.config.signInTimeoutMs,
  });
  deps.onCancellable?.(redirect.cancel);

  const authorizationUrl = oidc.buildAuthorizationUrl(deps.oidc, {
    redirect_uri: redirect.redirectUri,
    scope: deps.config.scopes.join(' '),
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(deps.reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
  });

  try {
    // The issuer's own authorize URL; hosts pass openExternal through guardOpenExternal (https only).
    await deps.openExternal(authorizationUrl.href); // eng-disable OPEN_EXTERNAL_JS_CHECK
  } catch (error) {
    redirect.cancel();
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'browser_unavailable', reason };
  }

  const outcome = await redirect.outcome;
  if (!outcome.ok) {
    return { ok: false, code: outcome.code, reason: 'no answer from the browser' };
  }

  try {
    const response = await oidc.authorizationCodeGrant(deps.oidc, outcome.callbackUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
      // Required when max_age was sent: openid-client then insists on auth_time in the ID token.
      ...(deps.reauthenticate ? { maxAge: 0 } : {}),
    });
    const claims = response.claims();
    if (!claims) throw new SessionError('oidc_unexpected', 'no ID token in the token response', { cause: null });
    return {
      ok: true,
      tokens: tokenSetFrom(response, identityFromClaims(claims), deps.now()),
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time : null,
    };
  } catch (error) {
    const failure = classifyOidcError(error);
    if (failure?.kind === 'rejected') {
      return { ok: false, code: 'sign_in_rejected', reason: failure.description ?? failure.error };
    }
    if (failure?.kind === 'unreachable') {
      return { ok: false, code: 'idp_unreachable', reason: failure.reason };
    }
    throw new SessionError('oidc_unexpected', 'sign-in failed unexpectedly', { cause: error });
  }
}
