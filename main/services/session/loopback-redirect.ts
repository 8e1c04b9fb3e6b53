/**
 * The redirect endpoint of a native app (RFC 8252 §7.3): an HTTP listener on the loopback
 * IP literal, on a port the OS picks, that lives only as long as one authorization request.
 *
 * - Binds 127.0.0.1, not "localhost": RFC 8252 §8.3 — a name can resolve to another
 *   interface, and a listener on all interfaces would expose the code to the network.
 * - Ignores callbacks whose `state` is not the one we sent (OIDC Core §3.1.2.1 / RFC 6749
 *   §10.12): another local process cannot end our sign-in by guessing the port.
 * - Closes on the first matching callback or when the timeout fires, whichever comes first.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CALLBACK_PATH = '/callback';

export type LoopbackOutcome =
  | { readonly ok: true; readonly callbackUrl: URL }
  | { readonly ok: false; readonly code: 'sign_in_timeout' | 'sign_in_cancelled' };

export interface LoopbackRedirect {
  readonly redirectUri: string;
  readonly outcome: Promise<LoopbackOutcome>;
  /** Stops waiting (e.g. the app quits); resolves the outcome as cancelled. */
  cancel(): void;
}

const PAGE_DONE =
  '<!doctype html><meta charset="utf-8"><title>Latchkey</title>' +
  '<p>You can close this window and return to Latchkey.</p>';
const PAGE_STALE =
  '<!doctype html><meta charset="utf-8"><title>Latchkey</title>' +
  '<p>This sign-in link is not the one Latchkey is waiting for. Start again from the app.</p>';

function respond(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // One request per connection, so closing the server leaves nothing listening behind.
    connection: 'close',
    // Whatever the browser shows here must not be able to script or frame anything.
    'content-security-policy': "default-src 'none'",
  });
  res.end(body);
}

export async function startLoopbackRedirect(options: {
  expectedState: string;
  timeoutMs: number;
}): Promise<LoopbackRedirect> {
  let settle: (outcome: LoopbackOutcome) => void = () => {};
  const outcome = new Promise<LoopbackOutcome>((resolve) => {
    settle = resolve;
  });

  let origin = 'http://127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Our own origin, not the Host header: the callback URL becomes the token request's redirect_uri.
    const url = new URL(req.url ?? '/', origin);
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      respond(res, 404, PAGE_STALE);
      return;
    }
    if (url.searchParams.get('state') !== options.expectedState) {
      respond(res, 400, PAGE_STALE);
      return;
    }
    respond(res, 200, PAGE_DONE);
    finish({ ok: true, callbackUrl: url });
  });

  let finished = false;
  const finish = (result: LoopbackOutcome) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    // Let the browser receive its page, then refuse any further connection.
    server.close();
    server.closeIdleConnections();
    settle(result);
  };
  const timer = setTimeout(() => finish({ ok: false, code: 'sign_in_timeout' }), options.timeoutMs);
  timer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    redirectUri: `${origin}${CALLBACK_PATH}`,
    outcome,
    cancel: () => finish({ ok: false, code: 'sign_in_cancelled' }),
  };
}
