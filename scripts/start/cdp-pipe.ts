/**
 * The Chrome DevTools Protocol over `--remote-debugging-pipe`: Chromium reads commands from its
 * fd 3 and writes replies and events to its fd 4, one JSON message per NUL-terminated frame
 * (chromium `content/browser/devtools/devtools_pipe_handler.cc`). Unlike `--remote-debugging-port`,
 * which any local process can connect to, the pipe belongs to the process that started Chromium.
 */
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';

const Reply = z.object({
  id: z.number(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ message: z.string() }).optional(),
});
const Event = z.object({
  method: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  sessionId: z.string().optional(),
});

export class CdpError extends Error {
  override readonly name = 'CdpError';
  readonly code = 'cdp_failed';
}

export interface CdpPipe {
  /** Sends a command (to a page when `sessionId` is given) and resolves with its result. */
  send(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<Record<string, unknown>>;
  /** Calls `listener` for every event named `method` until the returned function is called. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
}

export function cdpOverPipe(toChromium: Writable, fromChromium: Readable): CdpPipe {
  let nextId = 1;
  let buffered = '';
  let closed: CdpError | null = null;
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();

  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      dispatch(text);
    }
  });
  fromChromium.once('close', () => {
    closed = new CdpError('Chromium closed its DevTools pipe.');
    for (const { reject } of pending.values()) reject(closed);
    pending.clear();
  });

  function dispatch(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const reply = Reply.safeParse(message);
    if (reply.success) {
      const waiting = pending.get(reply.data.id);
      pending.delete(reply.data.id);
      if (reply.data.error) waiting?.reject(new CdpError(reply.data.error.message));
      else waiting?.resolve(reply.data.result ?? {});
      return;
    }
    const event = Event.safeParse(message);
    if (event.success) for (const listener of listeners.get(event.data.method) ?? []) listener(event.data.params);
  }

  return {
    send(method, params = {}, sessionId) {
      if (closed) return Promise.reject(closed);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
      });
    },
    on(method, listener) {
      const set = listeners.get(method) ?? new Set();
      set.add(listener);
      listeners.set(method, set);
      return () => set.delete(listener);
    },
  };
}
