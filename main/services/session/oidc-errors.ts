/**
 * Sorting what openid-client throws into what the user should hear: the identity provider
 * said no (a dead refresh token, a denied consent), it could not be reached (offline), or
 * something unexpected happened (a bug, a misbehaving server) which stays an Error.
 */
import { AuthorizationResponseError, ResponseBodyError } from 'openid-client';

export type OidcFailure =
  | { readonly kind: 'rejected'; readonly error: string; readonly description?: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: 'oidc_unexpected' | 'keychain_failed',
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

function isNetworkFailure(error: unknown): boolean {
  // undici reports connection failures as TypeError('fetch failed'); timeouts as DOMExceptions.
  if (error instanceof TypeError) return true;
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Returns the expected failure, or undefined when the error is not one we expect. */
export function classifyOidcError(error: unknown): OidcFailure | undefined {
  if (error instanceof ResponseBodyError || error instanceof AuthorizationResponseError) {
    return error.error_description === undefined
      ? { kind: 'rejected', error: error.error }
      : { kind: 'rejected', error: error.error, description: error.error_description };
  }
  if (isNetworkFailure(error)) {
    return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
  return undefined;
}
