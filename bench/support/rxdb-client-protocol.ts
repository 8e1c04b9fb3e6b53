/**
 * What the scale-out bench and each of its RxDB client processes (rxdb-client.ts) say to each
 * other over Node's IPC channel. Parsed with zod on both sides: a message is input from another
 * process.
 */
import { z } from 'zod';

/** Parent → client. */
export const ToClient = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    /** nginx in front of the sync servers. */
    url: z.string(),
    token: z.string(),
    subject: z.string(),
    /** The user's record id (to find the accounts they own). */
    meId: z.string(),
    /** The user's index in the bench's workspace: markers are `m-<index>.rx-<n>`. */
    userIndex: z.number().int().nonnegative(),
    /** Users of other groups this user may share their accounts with. */
    grantees: z.array(z.string()),
  }),
  z.object({ type: z.literal('token'), token: z.string() }),
  /** Edit from now on; pulls count from now on. */
  z.object({ type: z.literal('start') }),
  /** Stop editing, push what is pending, report. */
  z.object({ type: z.literal('stop') }),
  /** Pull to the head and compare every collection with a fresh full pull. */
  z.object({ type: z.literal('check') }),
  z.object({ type: z.literal('exit') }),
]);
export type ToClient = z.infer<typeof ToClient>;

/** How the server answered one pushed row (no conflict: accepted). */
export const RowOutcome = z.enum(['accepted', 'stale', 'refused']);

/** Client → parent. */
export const FromClient = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('token-request') }),
  /** One pushed account row: the markers of the state pushed and of the state it assumed. */
  z.object({
    type: z.literal('account-push'),
    id: z.string(),
    markers: z.array(z.string()),
    bases: z.array(z.string()),
    outcome: RowOutcome,
  }),
  /** One pushed share row: a new share (grant), or a removed one (revoke). */
  z.object({
    type: z.literal('share-push'),
    id: z.string(),
    kind: z.enum(['grant', 'revoke', 'update']),
    outcome: RowOutcome,
  }),
  z.object({
    type: z.literal('stopped'),
    /** Every successful pull request's duration while counting (ms). */
    pullMs: z.array(z.number()),
    edits: z.number().int(),
    failedWrites: z.number().int(),
    /** Pulls and pushes main's proxy could not complete (a process killed under them, nginx's 502). */
    failedCalls: z.number().int(),
    /** Live stream connections (through nginx): 1 unless it had to reconnect. */
    streamConnections: z.number().int(),
  }),
  z.object({
    type: z.literal('checked'),
    /** Per collection that differs from a fresh full pull: the ids missing, extra and changed here. */
    diverged: z.array(
      z.object({
        collection: z.string(),
        missing: z.array(z.string()),
        extra: z.array(z.string()),
        changed: z.array(z.string()),
      }),
    ),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type FromClient = z.infer<typeof FromClient>;
