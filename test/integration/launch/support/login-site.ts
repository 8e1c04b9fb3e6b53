/**
 * A small "disconnected app" for the autofill tests: real HTML forms served over HTTP on an
 * ephemeral port, with a session cookie and a TOTP check (otpauth), in the shapes sites use:
 *   /classic    username+password page, then a code page, then "Logged in as …"
 *   /first      identifier-first: email page, then password page (no code)
 *   /odd        fields with no usable names (needs per-account selectors)
 *   /tall       /classic with its button far below the fold (scrolled to before the click)
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOTP } from 'otpauth';

export interface LoginSite {
  url: string;
  /** Every login attempt (usernames only), to assert what was typed. */
  attempts: { path: string; username: string; ok: boolean }[];
  close(): Promise<void>;
}

export const SITE_USER = {
  username: 'brand@contentzilla.test',
  password: 'correct horse',
  totpSecret: 'JBSWY3DPEHPK3PXP',
};

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

/** The username+password form of /classic, with `between` before its button. */
const classicForm = (between: string) => `<form method="post" action="/classic">
        <label for="u">Email</label><input id="u" name="email" type="email" autocomplete="username">
        <label for="p">Password</label><input id="p" name="pw" type="password" autocomplete="current-password">
        ${between}
        <button type="submit">Sign in</button></form>`;

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

export async function startLoginSite(): Promise<LoginSite> {
  const sessions = new Map<string, { username: string; stage: 'password' | 'code' | 'done' }>();
  const attempts: LoginSite['attempts'] = [];
  const totp = new TOTP({ secret: SITE_USER.totpSecret });

  const sid = (req: IncomingMessage) => /sid=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
  const send = (res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(html);
  const redirect = (res: ServerResponse, to: string, cookie?: string) =>
    res.writeHead(303, { location: to, ...(cookie ? { 'set-cookie': `sid=${cookie}; Path=/; HttpOnly` } : {}) }).end();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const session = sessions.get(sid(req) ?? '');
    if (req.method === 'GET' && url.pathname === '/classic') {
      return send(
        res,
        200,
        page('Sign in', classicForm('<input type="text" name="search" placeholder="Search help">')),
      );
    }
    if (req.method === 'GET' && url.pathname === '/tall') {
      return send(res, 200, page('Sign in', classicForm('<div style="height: 4000px">Terms and conditions</div>')));
    }
    if (req.method === 'POST' && (url.pathname === '/classic' || url.pathname === '/odd')) {
      const f = await form(req);
      const username = f.get('email') ?? f.get('f1') ?? '';
      const ok = username === SITE_USER.username && (f.get('pw') ?? f.get('f2')) === SITE_USER.password;
      attempts.push({ path: url.pathname, username, ok });
      if (!ok)
        return send(
          res,
          401,
          page(
            'Sign in',
            '<p>Wrong login</p><form method="post"><input name="email" autocomplete="username"><input type="password" name="pw"><button>Sign in</button></form>',
          ),
        );
      const id = randomBytes(8).toString('hex');
      sessions.set(id, { username, stage: url.pathname === '/odd' ? 'done' : 'code' });
      return redirect(res, url.pathname === '/odd' ? '/home' : '/mfa', id);
    }
    if (req.method === 'GET' && url.pathname === '/mfa' && session?.stage === 'code') {
      return send(
        res,
        200,
        page(
          'Two-step verification',
          `<form method="post" action="/mfa">
        <label>Code from your authenticator app <input name="otp" inputmode="numeric" maxlength="6"></label>
        <button type="submit">Verify</button></form>`,
        ),
      );
    }
    if (req.method === 'POST' && url.pathname === '/mfa' && session?.stage === 'code') {
      const code = (await form(req)).get('otp') ?? '';
      const ok = totp.validate({ token: code, window: 1 }) !== null;
      attempts.push({ path: '/mfa', username: session.username, ok });
      if (!ok) return redirect(res, '/mfa');
      session.stage = 'done';
      return redirect(res, '/home');
    }
    if (req.method === 'GET' && url.pathname === '/first') {
      return send(
        res,
        200,
        page(
          'Sign in',
          `<form method="post" action="/first"><input type="email" name="identifier" placeholder="you@example.com"><button type="submit">Next</button></form>`,
        ),
      );
    }
    if (req.method === 'POST' && url.pathname === '/first') {
      const username = (await form(req)).get('identifier') ?? '';
      const id = randomBytes(8).toString('hex');
      sessions.set(id, { username, stage: 'password' });
      return redirect(res, '/first/password', id);
    }
    if (req.method === 'GET' && url.pathname === '/first/password' && session?.stage === 'password') {
      return send(
        res,
        200,
        page(
          'Enter your password',
          `<p>${session.username}</p><form method="post" action="/first/password"><input type="password" name="secret"><button type="submit">Sign in</button></form>`,
        ),
      );
    }
    if (req.method === 'POST' && url.pathname === '/first/password' && session?.stage === 'password') {
      const ok = session.username === SITE_USER.username && (await form(req)).get('secret') === SITE_USER.password;
      attempts.push({ path: '/first/password', username: session.username, ok });
      if (!ok) return redirect(res, '/first/password');
      session.stage = 'done';
      return redirect(res, '/home');
    }
    if (req.method === 'GET' && url.pathname === '/odd') {
      return send(
        res,
        200,
        page(
          'Portal',
          `<form method="post" action="/odd"><input name="f1" class="who"><input name="f2" class="what" type="text"><span class="go" role="button"></span><button type="submit" class="go">→</button></form>`,
        ),
      );
    }
    if (req.method === 'GET' && url.pathname === '/home' && session?.stage === 'done') {
      return send(res, 200, page('Dashboard', `<p id="who">Logged in as ${session.username}</p>`));
    }
    return send(res, 404, page('Not found', ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
