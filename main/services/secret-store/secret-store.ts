/**
 * The one place Latchkey keeps secrets at rest: the OS keychain, behind this interface.
 *
 * What lives here, and only here: the OIDC refresh token and the replica's encryption key.
 * Neither is ever written to disk in clear, logged, or sent to the renderer; the renderer
 * only learns capabilities (signed in as…, persistence available or not).
 *
 * Expected outcomes are values: a missing keychain is `unavailable` with a human-readable
 * reason, so the session can say so and stay in memory. Anything else is a SecretStoreError.
 */

/**
 * The accounts Latchkey stores under its single keychain service name. `device-id` is not a
 * secret; it lives here because the keychain is the one store main has that survives reinstalls
 * of the app folder, and the server's audit trail names the device by it. `oidc-profile` is not a
 * secret either (subject, name, email from the ID token): it sits beside the refresh token so a
 * start-up without Okta can still say who is signed in (main/services/session/remembered-profile.ts).
 * `session-lock` is not a secret either (when and why the app locked): it sits beside the refresh
 * token so quitting a locked app and starting it again does not unlock it (lock/desktop-lock.ts).
 */
export const SECRET_ACCOUNTS = [
  'oidc-refresh-token',
  'replica-encryption-key',
  'device-id',
  'oidc-profile',
  'session-lock',
] as const;
export type SecretAccount = (typeof SECRET_ACCOUNTS)[number];

export type SecretStoreAvailability =
  | { readonly available: true; readonly backend: string }
  | { readonly available: false; readonly reason: string };

export type SecretStoreUnavailable = {
  readonly ok: false;
  readonly code: 'unavailable';
  readonly reason: string;
};
export type SecretResult<T> = { readonly ok: true; readonly value: T } | SecretStoreUnavailable;

export interface SecretStore {
  readonly availability: SecretStoreAvailability;
  get(account: SecretAccount): Promise<SecretResult<string | null>>;
  set(account: SecretAccount, secret: string): Promise<SecretResult<void>>;
  /** Resolves `true` when an entry was removed, `false` when there was none. */
  delete(account: SecretAccount): Promise<SecretResult<boolean>>;
}

export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(
    readonly code: 'read_failed' | 'write_failed' | 'delete_failed',
    readonly account: SecretAccount,
    options: { cause: unknown },
  ) {
    // The message names the account, never the secret.
    super(`keychain ${code.replace('_', ' ')} for ${account}`, options);
  }
}

/** A store that refuses everything: used where no keychain exists, so nothing is persisted. */
export function unavailableSecretStore(reason: string): SecretStore {
  const refused: SecretStoreUnavailable = { ok: false, code: 'unavailable', reason };
  return {
    availability: { available: false, reason },
    get: async () => refused,
    set: async () => refused,
    delete: async () => refused,
  };
}
