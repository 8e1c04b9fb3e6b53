/**
 * What the session service answers: its status (who is signed in, never a token) and its results
 * as values with a code.
 */
import type { SessionStatus as IpcSessionStatus } from '../../../domain/ipc-contract';

/**
 * The session service's status: the IPC contract's `SessionStatus` (defined once, in domain/)
 * before desktop-services.ts adds the lock's fields, with every field the contract lets older
 * hosts leave out present.
 */
export type SessionStatus = Required<Omit<IpcSessionStatus, 'locked' | 'lockedBecause'>>;

type Failure<C extends string> = { readonly ok: false; readonly code: C; readonly reason: string };
type CommonFailure = Failure<'idp_unreachable' | 'insecure_url'>;
export type SessionResult<T, C extends string = never> =
  | { readonly ok: true; readonly value: T }
  | CommonFailure
  | Failure<C>;

export type TokenResult = SessionResult<string, 'not_signed_in' | 'session_expired'>;
