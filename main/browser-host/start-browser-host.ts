import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcEvent, IpcEventPayload } from '../../domain/ipc-contract';
import { createDispatch, type DispatchLog } from '../ipc/dispatch';
import { createIpcHandlers, type HostServices } from '../ipc/handlers';
import { buildCsp } from '../security/csp';
import { type AppOrigin, serializeOrigin } from '../security/trusted-url';
import { createOneTimeTokens } from './one-time-tokens';
import { createStaticHandler } from './static-files';
import { attachWsTransport } from './ws-transport';

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer, normally `out/renderer`. */
  rendererDir: string;
  services: HostServices;
  log?: DispatchLog;
  /** Called once, when a window has connected with `url`; from then on the link opens nothing. */
  onLinkUsed?: () => void;
}

export interface BrowserHost {
  /**
   * The one-time link: open it once to use the app. Its token rides in the fragment, which is never
   * sent to a server; never print it or put it on a command line, where other processes read it.
   */
  url: string;
  origin: AppOrigin;
  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void;
  close(): Promise<void>;
}

const loopback = '127.0.0.1';

/** Serves the renderer on loopback and carries the IPC contract over an authenticated WebSocket. */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const log = options.log ?? ((message, context) => console.error(`[browser-host] ${message}`, context));
  const tokens = createOneTimeTokens();
  const launchToken = tokens.issue('link');
  const dispatch = createDispatch(createIpcHandlers(options.services), log);
  let origin: AppOrigin = { protocol: 'http:', host: `${loopback}:0` };
  let csp = buildCsp();

  const serveStatic = createStaticHandler({ rendererDir: options.rendererDir, csp: () => csp });
  const server = createServer((req, res) => {
    // A Host other than our own means DNS rebinding: a foreign site resolved its name to 127.0.0.1.
    if (req.headers.host !== origin.host) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    serveStatic(req, res).catch((error: unknown) => {
      log('static file failed', { url: req.url, error });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const transport = attachWsTransport({
    server,
    origin: () => origin,
    admit: (offered) => {
      const purpose = tokens.redeem(offered);
      if (purpose === 'link') options.onLinkUsed?.();
      return purpose !== null;
    },
    nextToken: () => tokens.issue('ticket'),
    dispatch,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopback, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = { protocol: 'http:', host: `${loopback}:${port}` };
  csp = buildCsp({ connectSrc: [`ws://${origin.host}`] });

  return {
    url: `${serializeOrigin(origin)}/#token=${launchToken}`,
    origin,
    emit: transport.emit,
    async close() {
      await transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
