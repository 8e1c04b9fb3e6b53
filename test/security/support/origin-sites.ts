/**
 * Two real HTTP sites on 127.0.0.1, each on its own ephemeral port (so two origins), for the
 * autofill origin attacks:
 *   own       the account's site: its login URL redirects away, frames the other site, or sends
 *             its code step to the other site.
 *   elsewhere a look-alike login page and code page that record every form posted to them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Site {
  url: string;
  origin: string;
  /** Every form posted to this site: path and raw body. */
  posts: { path: string; body: string }[];
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const LOGIN_FORM = (action: string) => `<form method="post" action="${action}">
  <label for="u">Email</label><input id="u" name="email" type="email" autocomplete="username">
  <label for="p">Password</label><input id="p" name="pw" type="password" autocomplete="current-password">
  <button type="submit">Sign in</button></form>`;

const CODE_FORM = `<form method="post" action="/mfa">
  <label>Code from your authenticator app <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></label>
  <button type="submit">Verify</button></form>`;

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string; posts: Site['posts'] }> {
  const posts: Site['posts'] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      posts.push({ path: url.pathname, body });
    }
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
}

const send = (res: ServerResponse, html: string) =>
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
const redirect = (res: ServerResponse, status: 302 | 303, to: string) => res.writeHead(status, { location: to }).end();

function site(started: Awaited<ReturnType<typeof serve>>): Site {
  return {
    url: started.url,
    origin: new URL(started.url).origin,
    posts: started.posts,
    close: () =>
      new Promise((resolve) => {
        started.server.closeAllConnections();
        started.server.close(() => resolve());
      }),
  };
}

export async function startOriginSites(): Promise<{ own: Site; elsewhere: Site }> {
  const other = await serve((req, res, url) => {
    if (url.pathname === '/login' && req.method === 'GET') return send(res, page('Sign in', LOGIN_FORM('/login')));
    if (url.pathname === '/mfa' && req.method === 'GET') return send(res, page('Two-step verification', CODE_FORM));
    return send(res, page('Thanks', '<p>Received.</p>'));
  });
  const own = await serve((req, res, url) => {
    // The login URL answers with a redirect to the other site's look-alike form.
    if (url.pathname === '/redirect') return redirect(res, 302, `${other.url}/login`);
    // A real login form, and the other site's login form in a frame beside it.
    if (url.pathname === '/framed' && req.method === 'GET') {
      return send(
        res,
        page(
          'Sign in',
          `${LOGIN_FORM('/framed')}<iframe title="elsewhere" src="${other.url}/login" width="600" height="300"></iframe>`,
        ),
      );
    }
    if (url.pathname === '/framed' && req.method === 'POST') return redirect(res, 303, '/done');
    // Username and password here, then the code step on the other site.
    if (url.pathname === '/classic' && req.method === 'GET') return send(res, page('Sign in', LOGIN_FORM('/classic')));
    if (url.pathname === '/classic' && req.method === 'POST') return redirect(res, 303, `${other.url}/mfa`);
    if (url.pathname === '/done') return send(res, page('Dashboard', '<p id="who">Logged in</p>'));
    return send(res, page('Not found', ''));
  });
  return { own: site(own), elsewhere: site(other) };
}
