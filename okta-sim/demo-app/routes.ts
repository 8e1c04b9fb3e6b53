import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TOTP } from 'otpauth';
import { z } from 'zod';
import type { SeedDemoAccount } from '../seed';
import { homePage, loginPage, totpPage } from './pages';

const COOKIE = 'demo_sid';
const Login = z.object({ username: z.string().trim().min(1).max(200), password: z.string().min(1).max(1000) });
const Code = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

type DemoSession = { username: string; stage: 'totp' | 'done' };

function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * A "disconnected app": its own accounts (from the seed), a password step, then a TOTP step
 * (RFC 6238: SHA-1, 6 digits, 30 s, one step of clock drift accepted either side).
 */
export function registerDemoApp(app: FastifyInstance, accounts: SeedDemoAccount[], now: () => Date): void {
  const sessions = new Map<string, DemoSession>();
  const account = (username: string) => accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());

  const session = (req: FastifyRequest): DemoSession | undefined => {
    const sid = req.cookies[COOKIE];
    return sid ? sessions.get(sid) : undefined;
  };
  const start = (reply: FastifyReply, s: DemoSession) => {
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, s);
    reply.setCookie(COOKIE, sid, { path: '/demo-app', httpOnly: true, sameSite: 'lax' });
  };

  app.get('/demo-app', async (_req, reply) => reply.redirect('/demo-app/', 302));
  app.get('/demo-app/', async (req, reply) => {
    const s = session(req);
    if (s?.stage === 'done') {
      const a = account(s.username);
      return reply.type('text/html').send(homePage(a?.displayName ?? s.username));
    }
    return reply.redirect(s?.stage === 'totp' ? '/demo-app/totp' : '/demo-app/login', 302);
  });

  app.get('/demo-app/login', async (_req, reply) => reply.type('text/html').send(loginPage()));
  app.post('/demo-app/login', async (req, reply) => {
    const parsed = Login.safeParse(req.body);
    const a = parsed.success ? account(parsed.data.username) : undefined;
    if (!parsed.success || !a || !same(a.password, parsed.data.password)) {
      const username = parsed.success ? parsed.data.username : '';
      return reply.code(401).type('text/html').send(loginPage('Invalid username or password.', username));
    }
    start(reply, { username: a.username, stage: 'totp' });
    return reply.redirect('/demo-app/totp', 303);
  });

  app.get('/demo-app/totp', async (req, reply) => {
    if (session(req)?.stage !== 'totp') return reply.redirect('/demo-app/login', 302);
    return reply.type('text/html').send(totpPage());
  });
  app.post('/demo-app/totp', async (req, reply) => {
    const s = session(req);
    const a = s ? account(s.username) : undefined;
    if (s?.stage !== 'totp' || !a) return reply.redirect('/demo-app/login', 303);
    const parsed = Code.safeParse(req.body);
    const totp = new TOTP({ secret: a.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 });
    const delta = parsed.success
      ? totp.validate({ token: parsed.data.code, timestamp: now().getTime(), window: 1 })
      : null;
    if (delta === null) return reply.code(401).type('text/html').send(totpPage('That code is not valid. Try again.'));
    s.stage = 'done';
    return reply.redirect('/demo-app/', 303);
  });

  app.post('/demo-app/logout', async (req, reply) => {
    const sid = req.cookies[COOKIE];
    if (sid) sessions.delete(sid);
    reply.clearCookie(COOKIE, { path: '/demo-app' });
    return reply.redirect('/demo-app/login', 303);
  });
}
