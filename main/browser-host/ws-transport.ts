import type { IncomingMessage, Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { type IpcEvent, type IpcEventPayload, ipcEvents } from '../../domain/ipc-contract';
import { type ConnectionToken, WireRequest, type WireServerFrame, wireProtocol } from '../../domain/ipc-wire';
import type { Dispatch } from '../ipc/dispatch';
import { type AppOrigin, isTrustedOrigin } from '../security/trusted-url';
import { offeredToken } from './one-time-tokens';

export const ipcSocketPath = '/ipc';

export interface WsTransportOptions {
  server: Server;
  origin: () => AppOrigin;
  /** Spends the offered token; true if it was live. */
  admit: (offered: string | null) => boolean;
  /** A fresh one-time token for the connected window's next connection. */
  nextToken: () => ConnectionToken;
  dispatch: Dispatch;
}

export interface WsTransport {
  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void;
  close(): Promise<void>;
}

/**
 * The browser host's side of the IPC contract. The upgrade is refused (before any frame flows)
 * unless the Origin is exactly our page's and the offered token is live: another page in the same
 * browser cannot drive the app (cross-site WebSocket hijacking), and another local process, which
 * can send any Origin, would need a token nobody but the window ever saw. Every token opens one
 * connection; the window is handed the next one over the connection it opened.
 */
export function attachWsTransport(options: WsTransportOptions): WsTransport {
  const wss = new WebSocketServer({
    server: options.server,
    path: ipcSocketPath,
    // Bounds what one frame may make us buffer; the largest legitimate frame is a sync push batch.
    maxPayload: 16 * 1024 * 1024,
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }, done) => {
      if (!isTrustedOrigin(origin, options.origin())) return done(false, 403, 'Forbidden origin');
      // Spent here, before the handshake completes: two upgrades racing with one token get one socket.
      if (!options.admit(offeredToken(req.headers['sec-websocket-protocol']))) {
        return done(false, 401, 'Missing, wrong or spent connection token');
      }
      done(true);
    },
    handleProtocols: (protocols) => (protocols.has(wireProtocol) ? wireProtocol : false),
  });

  const send = (socket: WebSocket, frame: WireServerFrame) => socket.send(JSON.stringify(frame));

  wss.on('connection', (socket) => {
    // First, so a reload right after connecting already finds its next token in the page.
    send(socket, { kind: 'ticket', token: options.nextToken() });
    socket.on('message', async (data, isBinary) => {
      const request = isBinary ? null : parseRequest(data.toString());
      if (!request) {
        // 1008: policy violation (RFC 6455 §7.4.1) — a frame our own renderer would never send.
        socket.close(1008, 'Malformed request');
        return;
      }
      const result = await options.dispatch(request.channel, request.input);
      send(socket, { kind: 'response', id: request.id, result });
    });
  });

  return {
    emit(event, payload) {
      const checked = ipcEvents[event].parse(payload);
      for (const socket of wss.clients) send(socket, { kind: 'event', event, payload: checked });
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}

function parseRequest(text: string): WireRequest | null {
  try {
    const parsed = WireRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
