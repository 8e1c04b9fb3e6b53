import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { OktaApiError, oktaErrors } from './errors';
import type { Faults } from './faults';
import { type BucketName, bucketFor, type RateDecision, type RateLimiter } from './rate-limit';
import { keptHeaders, type RequestLog } from './request-log';

export interface GateOptions {
  apiToken: string;
  limiter: RateLimiter;
  concurrencyLimit: number;
  faults: Faults;
  log: RequestLog;
  now: () => Date;
}

function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function rateHeaders(reply: FastifyReply, d: Pick<RateDecision, 'limit' | 'remaining' | 'resetEpochSeconds'>): void {
  reply.header('X-Rate-Limit-Limit', String(d.limit));
  reply.header('X-Rate-Limit-Remaining', String(d.remaining));
  reply.header('X-Rate-Limit-Reset', String(d.resetEpochSeconds));
}

function sendError(reply: FastifyReply, err: OktaApiError): FastifyReply {
  return reply.code(err.status).type('application/json').send(err.body());
}

/**
 * Everything in front of the Management API routes, in the order Okta applies it: concurrency,
 * authentication (`Authorization: SSWS <token>`, developer.okta.com/docs/guides/create-an-api-token/),
 * per-bucket rate limits with their headers, then injected faults. Also the request log.
 */
export function installGate(api: FastifyInstance, opts: GateOptions): void {
  const buckets = new WeakMap<FastifyRequest, BucketName>();
  let inFlight = 0;

  // Okta accepts JSON bodies on any method and ignores an empty one (the SDK sends a JSON
  // content type on DELETE); a body that is not JSON is E0000003.
  api.removeContentTypeParser('application/json');
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(oktaErrors.malformedBody(), undefined);
    }
  });

  api.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const bucket = bucketFor(req.method, path);
    buckets.set(req, bucket);
    reply.header('X-Okta-Request-Id', randomBytes(12).toString('base64url'));

    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    if (inFlight > opts.concurrencyLimit) {
      // Concurrency violations report the concurrency values; the reset is only an estimate.
      rateHeaders(reply, {
        limit: opts.concurrencyLimit,
        remaining: 0,
        resetEpochSeconds: Math.ceil(opts.now().getTime() / 1000) + 1,
      });
      return sendError(reply, oktaErrors.rateLimited());
    }

    if (opts.faults.latencyMs > 0) await delay(opts.faults.latencyMs);
    const fault = opts.faults.next();
    if (fault.kind === 'drop') {
      reply.hijack();
      logEntry(req, 0);
      req.raw.socket.destroy();
      return reply;
    }

    const auth = req.headers.authorization ?? '';
    const [scheme, token] = auth.split(' ');
    if (scheme !== 'SSWS' || !token || !sameToken(token, opts.apiToken)) {
      return sendError(reply, oktaErrors.invalidToken());
    }

    if (fault.kind === 'rateLimit') {
      // An injected burst behaves like a momentary spike: the window "resets" in a second.
      const limit = opts.limiter.limits[bucket];
      rateHeaders(reply, { limit, remaining: 0, resetEpochSeconds: Math.ceil(opts.now().getTime() / 1000) });
      return sendError(reply, oktaErrors.rateLimited());
    }
    const decision = opts.limiter.take(bucket);
    rateHeaders(reply, decision);
    if (!decision.allowed) return sendError(reply, oktaErrors.rateLimited());
    if (fault.kind === 'error') return sendError(reply, oktaErrors.internal());
    return undefined;
  });

  function logEntry(req: FastifyRequest, status: number): void {
    const [path, search] = req.url.split('?');
    opts.log.add({
      method: req.method,
      path: path ?? req.url,
      query: Object.fromEntries(new URLSearchParams(search ?? '')),
      status,
      headers: keptHeaders(req.headers),
      body: req.body,
      bucket: buckets.get(req) ?? 'api/v1/*',
      at: opts.now().toISOString(),
    });
  }

  api.addHook('onResponse', async (req, reply) => {
    logEntry(req, reply.statusCode);
  });

  api.setErrorHandler((err, req, reply) => {
    if (err instanceof OktaApiError) return sendError(reply, err);
    if (err instanceof ZodError) {
      const causes = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      return sendError(reply, oktaErrors.validation(err.issues[0]?.path.join('.') ?? 'request', causes));
    }
    req.log.error({ err }, 'unexpected error in the simulated Management API');
    return sendError(reply, oktaErrors.internal());
  });

  api.setNotFoundHandler((req, reply) =>
    sendError(reply, oktaErrors.notFound(req.url.split('?')[0] ?? req.url, 'Resource')),
  );
}
