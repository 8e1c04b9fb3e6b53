import { z } from 'zod';
import { IpcFailure } from './ipc-contract';
import { text } from './text';

// The browser host carries the IPC contract over one WebSocket. These are its frames; both ends
// parse what they receive with them, because neither trusts the other's bytes.

/** Sent as a WebSocket subprotocol; the token rides as a second one (`token.<hex>`). */
export const wireProtocol = 'latchkey.v1';
export const tokenProtocolPrefix = 'token.';

/**
 * 256 random bits as hex. Each token opens one connection, once: the launch link's, then the one
 * the host hands every connected window for its next connection (a reload).
 */
export const ConnectionToken = z.string().regex(/^[0-9a-f]{64}$/);
export type ConnectionToken = z.infer<typeof ConnectionToken>;

export const WireRequest = z.object({
  id: z.number().int().nonnegative(),
  channel: text(64),
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export const WireResult = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), IpcFailure]);

export const WireResponse = z.object({
  kind: z.literal('response'),
  id: z.number().int().nonnegative(),
  result: WireResult,
});
export type WireResponse = z.infer<typeof WireResponse>;

export const WireEvent = z.object({
  kind: z.literal('event'),
  event: z.string(),
  payload: z.unknown(),
});
export type WireEvent = z.infer<typeof WireEvent>;

/** The host's first frame on every connection: the token this window connects with next time. */
export const WireTicket = z.object({
  kind: z.literal('ticket'),
  token: ConnectionToken,
});
export type WireTicket = z.infer<typeof WireTicket>;

export const WireServerFrame = z.discriminatedUnion('kind', [WireResponse, WireEvent, WireTicket]);
export type WireServerFrame = z.infer<typeof WireServerFrame>;
