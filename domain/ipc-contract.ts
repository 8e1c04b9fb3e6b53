import { z } from 'zod';
import { ClipboardClearSeconds, SettingsDraft, SettingsSaveAnswer, SettingsView } from './desktop-settings';
import { launchIpcChannels, launchIpcEvents } from './launch-ipc';
import { Id } from './records';
import { MENU_COMMANDS } from './shortcuts';
import { text } from './text';
import { CollectionName } from './wire/collections';
import {
  Checkpoint,
  PULL_LIMIT_MAX,
  PUSH_ROWS_MAX,
  type PullResponse,
  PushResponse,
  StreamEvent,
  type WireDoc,
} from './wire/replication';

// The one contract between the renderer and its host (Electron main over IPC, or the browser host
// over a WebSocket). Both sides import this file, so a channel cannot drift (GitHub Desktop's
// ipc-shared.ts). Channels are `<area>:<verb>`; later issues add `session:*` (sign-in, sign-out,
// status — tokens NEVER cross to the renderer, only capabilities), `sync:*` (main proxies
// replication and adds the bearer token), `launch:*` and keychain capabilities.

export const hostKinds = ['electron', 'browser'] as const;
export const HostKind = z.enum(hostKinds);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  version: z.string().min(1),
  platform: z.string().min(1),
  host: HostKind,
});
export type AppInfo = z.infer<typeof AppInfo>;

// --- session:*, sync:*, api:* — the desktop services in main/services (session, keychain, sync
// proxy). No schema below has a field for a token or a secret: the renderer learns who is signed
// in and gets results, while main adds the bearer token (main/services/README.md).

export const SessionUser = z.object({
  subject: z.string().min(1),
  email: z.string().nullable(),
  name: z.string().nullable(),
});
/**
 * Why this device's session ended and its local data was removed: the user signed out; the sync
 * server answered `403 user_inactive` (deprovisioned in Okta); or Okta refused to renew the
 * sign-in (revoked, expired, or the Okta account deactivated). Main deletes the refresh token and
 * the replica key; the renderer removes its replica when told (`session:wipe`).
 */
export const WipeReason = z.enum(['signed-out', 'user-inactive', 'session-ended']);
export type WipeReason = z.infer<typeof WipeReason>;

/**
 * Why the app locked: the user asked (menu, Ctrl/Cmd+L), no activity for the configured minutes,
 * the OS locked the screen, or the machine went to sleep.
 */
export const LockReason = z.enum(['manual', 'idle', 'screen-locked', 'suspend']);
export type LockReason = z.infer<typeof LockReason>;

export const SessionStatus = z.object({
  signedIn: z.boolean(),
  user: SessionUser.nullable(),
  /** False when there is no OS keychain: the sign-in then lasts until the app quits. */
  remembered: z.boolean(),
  persistenceUnavailableReason: z.string().nullable(),
  /**
   * 'offline': Okta could not be reached when the session was restored, so the user is signed in
   * as remembered (work goes on in the replica) while main retries the refresh in the background;
   * `session:changed` says 'online' when it succeeds. Absent means online (older hosts).
   */
  connectivity: z.enum(['online', 'offline']).optional(),
  /**
   * True while main restores the remembered sign-in at start-up (Okta may take its timeout to
   * answer): the renderer waits instead of offering a sign-in the user does not need.
   */
  restoring: z.boolean().optional(),
  /**
   * Set while signed out after main ended the session and removed this device's secrets, so a
   * renderer that connects later still removes its replica and says why; null after a sign-in.
   */
  signedOutBecause: WipeReason.nullable().optional(),
  /**
   * True while the signed-in session is locked: main refuses the replica key, sync, api calls,
   * clipboard copies and launches (code `locked`) until `session:unlock` re-authenticates the same
   * person; the renderer closes its replica and shows only the lock screen. Absent means unlocked.
   */
  locked: z.boolean().optional(),
  lockedBecause: LockReason.nullable().optional(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

/** An expected failure the UI shows (offline, not signed in, sign-in timed out…). */
export const ServiceFailure = z.object({
  ok: z.literal(false),
  code: z.string().min(1).max(64),
  reason: z.string().max(2000),
  status: z.number().int().optional(),
});
export type ServiceFailure = z.infer<typeof ServiceFailure>;
const outcome = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), ServiceFailure]);

export const SignOutReport = z.object({ refreshTokenRevoked: z.boolean(), idpSessionEndRequested: z.boolean() });
/** Replication through main (domain/wire/replication.ts); the answers are the wire's PullResponse/PushResponse. */
export const SyncPullInput = z.object({
  collection: CollectionName,
  /** null on a fresh replica. */
  checkpoint: Checkpoint.nullable(),
  limit: z.number().int().min(1).max(PULL_LIMIT_MAX),
});
export type SyncPullInput = z.infer<typeof SyncPullInput>;
export const SyncPushInput = z.object({ collection: CollectionName, rows: z.array(z.unknown()).max(PUSH_ROWS_MAX) });
export type SyncPushInput = z.infer<typeof SyncPushInput>;
/**
 * A pull page as main's sync proxy hands it on. Main is where the server's answer enters, and it
 * parsed the page there against the wire's schema for the collection (`pullResponseSchema`: every
 * record, unknown keys stripped). So this checks only the envelope (the documents are an array, the
 * checkpoint and `resync` are as the wire says): the dispatch's output parse does not run the
 * record schemas over a page of thousands of accounts a second time, and the renderer trusts it.
 */
export const SyncPullAnswer: z.ZodType<PullResponse<CollectionName>> = z.object({
  documents: z.custom<WireDoc<CollectionName>[]>(Array.isArray, 'documents must be an array'),
  checkpoint: Checkpoint,
  resync: z.literal(true).optional(),
});
export const ApiRequestInput = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** A path on the sync server under /api/v1/, checked against main's allow-list. */
  path: text(2000, 1),
  body: z.unknown().optional(),
});
export const HttpAnswer = z.object({ status: z.number().int(), body: z.unknown() });
/**
 * The replica's encryption key (256-bit, base64url) from the OS keychain. The renderer encrypts
 * credential fields at rest with it and keeps it in memory only; without a keychain the answer is
 * `unavailable` and the renderer keeps credentials in memory for the session.
 */
export const ReplicaKey = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export const Connectivity = z.enum(['online', 'offline', 'unknown']);
/**
 * Text the user copies (a username, password or verification code) and when to take it back:
 * the host writes the OS clipboard and empties it after the delay if it still holds this text
 * (domain/clipboard-guard.ts). Only Electron's main answers; the browser host's renderer uses the
 * page's Clipboard API, and there the channel says `unsupported`.
 */
export const ClipboardCopyInput = z.object({
  text: z.string().min(1).max(10_000),
  clearAfterSeconds: ClipboardClearSeconds,
});
export type Connectivity = z.infer<typeof Connectivity>;
/**
 * Where the host writes its log file (main/logging/app-log.ts), and whether it opened that folder
 * in the system's file manager: Electron's main does; the browser host only answers the path,
 * which the page shows.
 */
export const LogsFolder = z.object({ folder: z.string().min(1), opened: z.boolean() });
export type LogsFolder = z.infer<typeof LogsFolder>;
/**
 * A screen of the renderer failed (its error boundary caught an error): the report the user can
 * copy (renderer/src/screens/error-report.ts, already redacted) goes into the host's log file too,
 * redacted again there, so "attach latchkey.log" carries it.
 */
export const ScreenFailedInput = z.object({ screen: text(100, 1), report: text(8000, 1) });

/** Request/response channels: the renderer asks, the host answers. */
export const ipcChannels = {
  'app:info': { input: z.void(), output: AppInfo },
  'session:status': { input: z.void(), output: SessionStatus },
  'session:sign-in': { input: z.void(), output: outcome(SessionStatus) },
  'session:sign-out': { input: z.void(), output: outcome(SignOutReport) },
  /** Lock now (menu, Ctrl/Cmd+L): answers the status, `locked: true` while someone is signed in. */
  'session:lock': { input: z.void(), output: SessionStatus },
  /** Unlock: the OS's user check where there is one, else Okta re-authentication of the same person. */
  'session:unlock': { input: z.void(), output: outcome(SessionStatus) },
  /**
   * The user is working in the page (a key, a click, a scroll; sent at most every few seconds and
   * only while the page is visible): main's idle clock starts again. No answer but acceptance.
   */
  'session:activity': { input: z.void(), output: z.void() },
  'sync:pull': { input: SyncPullInput, output: outcome(SyncPullAnswer) },
  // The wire's own schema: conflicts are few (one per refused or stale row) and hold no record schema.
  'sync:push': { input: SyncPushInput, output: outcome(PushResponse) },
  'sync:connectivity': { input: z.void(), output: Connectivity },
  'api:request': { input: ApiRequestInput, output: outcome(HttpAnswer) },
  'replica:key': { input: z.void(), output: outcome(ReplicaKey) },
  'clipboard:copy': { input: ClipboardCopyInput, output: outcome(z.object({ clearAfterSeconds: z.number().int() })) },
  'logs:open-folder': { input: z.void(), output: outcome(LogsFolder) },
  'logs:screen-failed': { input: ScreenFailedInput, output: z.object({ logged: z.boolean() }) },
  /**
   * The desktop settings (domain/desktop-settings.ts) as in force: values, where each came from,
   * which environment variable overrides it. Answered while locked: the sign-in and lock screens
   * need to know whether sign-in is configured.
   */
  'settings:get': { input: z.void(), output: outcome(SettingsView) },
  /**
   * Validates and stores the fields the screen may change (not those an environment variable
   * overrides), then applies them: timeouts at once; a new sync server or Okta signs out first.
   * Refused while locked, with a message per field when a value is wrong.
   */
  'settings:save': { input: SettingsDraft, output: SettingsSaveAnswer },
  ...launchIpcChannels,
} as const;

/** Events the host pushes to the renderer unasked. */
export const ipcEvents = {
  // A `latchkey://launch/:accountId` deep link arrived (an Okta chiclet click).
  'launch:requested': z.object({ accountId: Id }),
  'session:changed': SessionStatus,
  // The live stream's events (wire StreamEvent); RESYNC once per (re)connection: pull again.
  'sync:event': StreamEvent,
  'sync:connectivity-changed': Connectivity,
  // Main ended the session and deleted the refresh token and the replica key: close and remove
  // the replica, drop every secret held in memory, and say why.
  'session:wipe': z.object({ reason: WipeReason }),
  // A command chosen in Electron's application menu (domain/shortcuts.ts): the renderer runs it
  // as it runs the same keyboard shortcut.
  'menu:command': z.object({ command: z.enum(MENU_COMMANDS) }),
  // Progress of a launch (domain/launch-ipc.ts): authorising, blocked with why, logged in…
  ...launchIpcEvents,
} as const;

export type IpcChannel = keyof typeof ipcChannels;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcChannels)[C]['input']>;
/** The arguments after the channel: none for a channel without input, else its input. */
// biome-ignore lint/suspicious/noConfusingVoidType: channels without input declare z.void(), whose type is void
export type IpcInputArgs<C extends IpcChannel> = IpcInput<C> extends undefined | void ? [] : [IpcInput<C>];
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcChannels)[C]['output']>;
export type IpcEvent = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof ipcEvents)[E]>;

export const ipcErrorCodes = [
  'unknown-channel',
  'bad-input',
  'untrusted-sender',
  'handler-failed',
  'disconnected',
] as const;
export const IpcErrorCode = z.enum(ipcErrorCodes);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcFailure = z.object({
  ok: z.literal(false),
  code: IpcErrorCode,
  message: z.string(),
});
export type IpcFailure = z.infer<typeof IpcFailure>;

/** Every call resolves to a result value: expected failures are values the UI must handle. */
export type IpcResult<T> = { ok: true; value: T } | IpcFailure;

/**
 * What the renderer sees as `window.latchkey` in Electron, and what the WebSocket bridge implements
 * in the browser host. Nothing else of the host is reachable from the renderer.
 */
export interface LatchkeyApi {
  invoke<C extends IpcChannel>(channel: C, ...input: IpcInputArgs<C>): Promise<IpcResult<IpcOutput<C>>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(ipcChannels, value);
}

export function isIpcEvent(value: unknown): value is IpcEvent {
  return typeof value === 'string' && Object.hasOwn(ipcEvents, value);
}

export function ipcFailure(code: IpcErrorCode, message: string): IpcFailure {
  return { ok: false, code, message };
}
