/**
 * What the session service answers: its status (who is signed in, never a token) and its results
 * as values with a code.
 */
import type { WipeReason } from '../../../domain/ipc-contract';
import type { Identity } from './token-set';

export interface SessionStatus {
  readonly signedIn: boolean;
  readonly user: Identity | null;
  /** False when no keychain exists: the session then lives in memory and ends with the app. */
  readonly remembered: boolean;
  readonly persistenceUnavailableReason: string | null;
  /** 'offline': signed in from the remembered profile while Okta is unreachable; retrying. */
  readonly connectivity: 'online' | 'offline';
  /** True while the remembered sign-in is being restored at start-up. */
  readonly restoring: boolean;
  /** Why the last session ended and this device's secrets were deleted; null while signed in. */
  readonly signedOutBecause: WipeReason | null;
}

type Failure<C extends string> = { readonly ok: false; readonly code: C; readonly reason: string };
type CommonFailure = Failure<'idp_unreachable' | 'insecure_url'>;
export type SessionResult<T, C extends string = never> =
  | { readonly ok: true; readonly value: T }
  | CommonFailure
  | Failure<C>;

export type TokenResult = SessionResult<string, 'not_signed_in' | 'session_expired'>;
