/**
 * The launch authorisation of the sync API, shared by the server route and the desktop launcher:
 *
 *   POST /api/v1/launch/:accountId/authorize   (bearer token; body { nonce } optional)
 *     200 { decision: 'allowed', launchId, handOff, account }   the caller may log in with the account
 *     403 { error: { code, message } }                 refused: policy reason, or user inactive
 *
 * `account` carries what the login window needs besides the secrets: no password or TOTP secret
 * is ever part of this exchange. The secrets come from the caller's replica, or — for a caller
 * whose replica holds none, a Login-only user — from the secrets route below, which only the
 * desktop host calls (the renderer's API passthrough does not list it), once per launch:
 *
 *   POST /api/v1/launch/:accountId/secrets     (bearer token; body { launchId })
 *     200 { password, totpSecret }     for the caller's own launch authorised moments ago, once
 *     403 { error: { code, message } } refused: policy, or no such launch waiting
 */
import { z } from 'zod';
import { LaunchNonce } from '../deep-link';
import { Credentials, Id, LoginSelectors } from '../records';

/** The chiclet page's one-time nonce from the `latchkey://` link, when the link carried one. */
export const LaunchAuthorizeBody = z.strictObject({ nonce: LaunchNonce.optional() });
export type LaunchAuthorizeBody = z.infer<typeof LaunchAuthorizeBody>;

/**
 * `chiclet`: the request presented a live nonce the server minted for this account, consumed now.
 * `unverified`: no nonce, or one that is unknown, used, expired or for another account — the
 * desktop asks the user to confirm before it logs in.
 */
export const HandOff = z.enum(['chiclet', 'unverified']);
export type HandOff = z.infer<typeof HandOff>;

export const LaunchAccount = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  appName: z.string().min(1).max(200),
  loginUrl: z.url({ protocol: /^https?$/ }).max(2048),
  username: z.string().max(320),
  loginSelectors: LoginSelectors.nullable(),
});
export type LaunchAccount = z.infer<typeof LaunchAccount>;

/**
 * Where the host takes the secrets from: `replica` (the renderer sends them with `launch:fill`)
 * or `server` (the host fetches them with the launch id and types them; the UI never sees them).
 */
export const SecretsFrom = z.enum(['replica', 'server']);
export type SecretsFrom = z.infer<typeof SecretsFrom>;

export const LaunchAllowed = z.object({
  decision: z.literal('allowed'),
  /** Names this launch in the server's audit trail and the desktop's pending launches. */
  launchId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /** Absent from an older server: treated as unverified. */
  handOff: HandOff.default('unverified'),
  /** Absent from an older server: the replica, as before Login-only users could launch. */
  secretsFrom: SecretsFrom.default('replica'),
  account: LaunchAccount,
});
export type LaunchAllowed = z.infer<typeof LaunchAllowed>;

/** How long after its authorisation a launch may still fetch its secrets, once. */
export const LAUNCH_SECRETS_TTL_SECONDS = 120;

export const LaunchSecretsBody = z.strictObject({ launchId: LaunchAllowed.shape.launchId });
export type LaunchSecretsBody = z.infer<typeof LaunchSecretsBody>;

export const LaunchSecrets = Credentials.pick({ password: true, totpSecret: true });
export type LaunchSecrets = z.infer<typeof LaunchSecrets>;
