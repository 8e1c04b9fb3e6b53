import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DPOP_ALGORITHMS, DpopProofError } from './dpop';
import { OktaApiError, oktaErrors } from './errors';
import { type ExchangeLog, flatHeaders, parsePayload } from './exchange-log';
import type { Faults } from './faults';
import { type BucketName, bucketFor, type RateDecision, type RateLimiter } from './rate-limit';
import { keptHeaders, type RequestLog } from './request-log';
import { type ServiceApps, scopesAllowing } from './service-apps';

export interface GateOptions {
  apiToken: string;
  /**
   * Access tokens the org authorization server issued to service apps: `Authorization: Bearer`,
   * or `Authorization: DPoP` plus a `DPoP` proof for tokens bound to a key.
   */
  serviceApps: Pick<ServiceApps, 'authenticate' | 'verifyResourceProof'>;
  /** The org's URL: a proof's `htu` must name it, as Okta compares `htu` with its own URL. */
  baseUrl: () => string;
  limiter: RateLimiter;
  concurrencyLimit: number;
  faults: Faults;
  log: RequestLog;
  /** Whole exchanges for contract checks; only collected while someone listens. */
  exchanges: ExchangeLog;
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

/** The `WWW-Authenticate` challenge of a refused DPoP call, with the `algs` Okta lists in its own. */
function dpopChallenge(reply: FastifyReply, error: 'invalid_token' | 'invalid_dpop_proof', description: string): void {
  reply.header(
    'WWW-Authenticate',
    `DPoP algs="${DPOP_ALGORITHMS.join(' ')}", error="${error}", error_description="${description.replaceAll('"', "'")}"`,
  );
}

/**
 * Everything in front of the Management API routes, in the order Okta applies it: concurrency,
 * authentication (`Authorization: SSWS <token>`, developer.okta.com/docs/guides/create-an-api-token/,
 * `Bearer <access token>` of a service app, developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/,
 * or `DPoP <access token>` with a `DPoP` proof for a DPoP-bound one, developer.okta.com/docs/guides/dpop/oktaresourceserver/main/),
 * per-bucket rate limits with their headers, the token's scopes, then injected faults. Also the request log.
 */
export function installGate(api: FastifyInstance, opts: GateOptions): void {
  const buckets = new WeakMap<FastifyRequest, BucketName>();
  const sentPayloads = new WeakMap<FastifyRequest, unknown>();
  // Requests that got past the gate to their route, so their body was read.
  const routed = new WeakSet<FastifyRequest>();
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
    // null: an SSWS token, which carries its admin's rights rather than scopes.
    let scopes: readonly string[] | null = null;
    if ((scheme === 'Bearer' || scheme === 'DPoP') && token) {
      const grant = opts.serviceApps.authenticate(token);
      if (!grant) {
        if (scheme === 'DPoP') dpopChallenge(reply, 'invalid_token', 'The token is invalid or has expired.');
        else
          reply.header(
            'WWW-Authenticate',
            'Bearer error="invalid_token", error_description="The token is invalid or has expired."',
          );
        return sendError(reply, oktaErrors.invalidToken());
      }
      if (grant.jkt === undefined && scheme === 'DPoP') {
        // RFC 9449 §7.1: the DPoP scheme is for bound tokens; a Bearer token gains nothing by it.
        dpopChallenge(reply, 'invalid_token', 'The access token is not DPoP-bound.');
        return sendError(reply, oktaErrors.invalidToken());
      }
      if (grant.jkt !== undefined) {
        // A bound token used as a Bearer token is what a thief without the key would send.
        if (scheme !== 'DPoP') {
          dpopChallenge(reply, 'invalid_token', 'A DPoP-bound access token must be sent with the DPoP scheme.');
          return sendError(reply, oktaErrors.invalidToken());
        }
        try {
          await opts.serviceApps.verifyResourceProof(req.headers.dpop, {
            htm: req.method,
            htu: `${opts.baseUrl()}${path}`,
            accessToken: token,
            jkt: grant.jkt,
          });
        } catch (err) {
          if (!(err instanceof DpopProofError)) throw err;
          // Okta answers a bad proof on its APIs with 400, not RFC 9449's 401 (see README).
          dpopChallenge(reply, 'invalid_dpop_proof', err.description);
          return sendError(reply, oktaErrors.invalidDpopProof());
        }
      }
      scopes = grant.scopes;
    } else if (scheme !== 'SSWS' || !token || !sameToken(token, opts.apiToken)) {
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
    // After the rate limit, as for any other refusal of an authenticated call: it still counts.
    const allowing = scopes === null ? null : scopesAllowing(req.method, path);
    if (scopes !== null && allowing !== null && !allowing.some((s) => scopes.includes(s))) {
      reply.header(
        'WWW-Authenticate',
        `Bearer error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", scope="${allowing.join(' ')}"`,
      );
      return sendError(reply, oktaErrors.forbidden());
    }
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

  api.addHook('preHandler', async (req) => {
    routed.add(req);
  });

  api.addHook('onSend', async (req, _reply, payload) => {
    if (opts.exchanges.listening) sentPayloads.set(req, payload);
    return payload;
  });

  api.addHook('onResponse', async (req, reply) => {
    logEntry(req, reply.statusCode);
    if (!opts.exchanges.listening) return;
    const [path, search] = req.url.split('?');
    opts.exchanges.emit({
      request: {
        method: req.method,
        path: path ?? req.url,
        query: Object.fromEntries(new URLSearchParams(search ?? '')),
        headers: keptHeaders(req.headers),
        body: req.body,
        bodyRead: routed.has(req),
      },
      response: {
        status: reply.statusCode,
        headers: flatHeaders(reply.getHeaders()),
        body: parsePayload(sentPayloads.get(req)),
      },
    });
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
