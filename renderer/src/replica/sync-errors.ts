/**
 * Why a pull or push did not reach the server. RxDB's replication retries a handler that throws
 * (plugins/replication: `awaitRetry`), so these are thrown — but they are named, carry the host's
 * failure code, and the sync indicator shows them; nothing is swallowed.
 */
const OFFLINE_ERROR = 'SyncOfflineError';

export class SyncOfflineError extends Error {
  override readonly name = OFFLINE_ERROR;
  readonly code = 'offline';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

export class SyncFailedError extends Error {
  override readonly name = 'SyncFailedError';
  constructor(
    readonly code: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** Failures that say "the server is out of reach right now", not "something is wrong". */
const OFFLINE_CODES = new Set(['offline', 'disconnected', 'idp_unreachable', 'unavailable']);

export function failureToError(failure: { code: string; reason: string }): Error {
  return OFFLINE_CODES.has(failure.code)
    ? new SyncOfflineError(failure.reason)
    : new SyncFailedError(failure.code, failure.reason);
}

/**
 * Whether an error RxDB reports (`error$`) came from an offline handler. RxDB passes on a plain
 * copy of what the handler threw (`errorToPlainJson`): the class is gone, its `name` stays. The
 * name is compared with the string the class sets, never with `SyncOfflineError.name`: the
 * production build renames classes, and there that is the minifier's name.
 */
export function isOfflineCause(cause: { readonly name?: unknown }): boolean {
  return cause.name === OFFLINE_ERROR;
}
