/**
 * The launch authorisation of the sync API, shared by the server route and the desktop launcher:
 *
 *   POST /api/v1/launch/:accountId/authorize   (bearer token; body { nonce } optional)
 *     200 { decision: 'allowed', launchId, handOff, account }   the caller may log in with the account
 *     403 { error: { code, message } }                 refused: policy reason, or user inactive
 *
 * `account` carries what the login window needs besides the secrets (those come from the
 * replica): no password or TOTP secret is ever part of this exchange.
 */
import { z } from 'zod';
import { LaunchNonce } from '../deep-link';
import { Id, LoginSelectors } from '../records';

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

export const LaunchAllowed = z.object({
  decision: z.literal('allowed'),
  /** Names this launch in the server's audit trail and the desktop's pending launches. */
  launchId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /** Absent from an older server: treated as unverified. */
  handOff: HandOff.default('unverified'),
  account: LaunchAccount,
});
export type LaunchAllowed = z.infer<typeof LaunchAllowed>;

export const launchAuthorizePath = (accountId: string) => `/api/v1/launch/${accountId}/authorize`;
