/**
 * The `launch:*` part of the IPC contract (spread into domain/ipc-contract.ts). A launch runs in
 * the host (main or the browser host): deep link → session → server authorisation → login
 * window. The renderer shows its progress and supplies the one thing only the replica holds:
 * the account's secrets, for a launch the host has already authorised (`launch:fill`).
 *
 * Secrets cross only renderer → host, in `launch:fill`'s input; no event or output carries them.
 */
import { z } from 'zod';
import { Credentials, Id } from './records';
import { text } from './text';

export const LAUNCH_STAGES = [
  /** The deep link was accepted; nothing decided yet. */
  'started',
  /** No session: the OIDC sign-in runs (with Okta's SSO session it completes by itself). */
  'signing-in',
  /** The app is locked: unlocking (Okta asks for the password again) before the launch goes on. */
  'unlocking',
  'authorizing',
  /**
   * Authorised, but the link did not come from the app or carry a nonce the server issued for
   * this account (an Okta chiclet): nothing is filled until the user confirms (`launch:confirm`).
   */
  'needs-confirmation',
  /** Authorised: the host waits for the renderer to send the secrets from the replica. */
  'needs-credentials',
  'filling',
  'logged-in',
  /** Refused by policy or because the user is inactive: `message` says why and whom to ask. */
  'blocked',
  /** Anything else that stopped the launch (offline, sign-in failed, form not found…). */
  'failed',
] as const;
export const LaunchStage = z.enum(LAUNCH_STAGES);
export type LaunchStage = z.infer<typeof LaunchStage>;

export const LaunchStatus = z.object({
  launchId: text(64, 1),
  accountId: Id,
  stage: LaunchStage,
  /** Known once the server authorised the launch. */
  accountName: z.string().max(200).nullable(),
  appName: z.string().max(200).nullable(),
  /** For `blocked`/`failed`: a machine code and the sentence shown to the user. */
  code: z.string().max(64).nullable(),
  message: z.string().max(2000).nullable(),
});
export type LaunchStatus = z.infer<typeof LaunchStatus>;

export const LaunchFillInput = z.object({
  launchId: text(64, 1),
  password: Credentials.shape.password,
  totpSecret: Credentials.shape.totpSecret,
});
export type LaunchFillInput = z.infer<typeof LaunchFillInput>;

export const LaunchConfirmInput = z.object({
  launchId: text(64, 1),
  /** True: "Log in"; false: "Cancel". */
  confirm: z.boolean(),
});
export type LaunchConfirmInput = z.infer<typeof LaunchConfirmInput>;

export const launchIpcChannels = {
  /** Start a launch from the app itself (same path as a chiclet's deep link, never asks to confirm). */
  'launch:open': { input: z.object({ accountId: Id }), output: LaunchStatus },
  /** The user's answer to `needs-confirmation`: continues to `needs-credentials`, or cancels. */
  'launch:confirm': { input: LaunchConfirmInput, output: LaunchStatus },
  /** The replica's secrets for an authorised launch; resolves when the login window is done. */
  'launch:fill': { input: LaunchFillInput, output: LaunchStatus },
} as const;

export const launchIpcEvents = {
  'launch:status': LaunchStatus,
} as const;
