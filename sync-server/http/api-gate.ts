/**
 * The gate in front of every `/api/v1` route, as an `onRequest` hook: it runs after routing and
 * before the body is read, so a caller without a valid token gets 401 whatever the body is
 * (malformed, oversized) and never makes the server parse it.
 *
 * Order: the per-address limit of a limited route (cheap, and it slows token guessing), then
 * authentication (401 / 503 answered here), then the per-user limit. A verified token whose
 * user is not provisioned or is deactivated (403) passes on to the route, which answers it —
 * the launch route audits those refusals. Routes read the same authentication result again
 * (the authenticator remembers it per request), never a second verification.
 *
 * Limits (429 with `Retry-After`, RFC 6585 §4) cover what is costly or worth guessing:
 * replication push, launch authorisation, sync-extended and the audit log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { api, routeKey } from '../../domain/wire/api';
import { REPLICATION_ROUTES } from '../../domain/wire/replication';
import type { Authenticator } from '../auth/authenticate';
import { ApiError, errorBody } from './api-error';
import { perMinute, type RateLimitConfig, RateLimiter } from './rate-limit';

export type LimitedRoute = 'push' | 'launch' | 'syncExtended' | 'audit';

export type ApiRateLimits = Record<LimitedRoute, { perUser: RateLimitConfig; perAddress: RateLimitConfig }>;

/**
 * Far above what a person's app sends (a replica pushes in batches; a launch is a click) and
 * what the tests and benchmarks send, far below what a script hammering the server would.
 * The per-address limits allow an office of people behind one NAT address.
 */
export const DEFAULT_API_RATE_LIMITS: ApiRateLimits = {
  push: { perUser: perMinute(600), perAddress: perMinute(3000) },
  launch: { perUser: perMinute(120), perAddress: perMinute(1200) },
  syncExtended: { perUser: perMinute(30), perAddress: perMinute(300) },
  audit: { perUser: perMinute(300), perAddress: perMinute(1200) },
};

/** The limited routes, named by the contracts that define them (never a copied path). */
const LIMITED: ReadonlyMap<string, LimitedRoute> = new Map([
  [routeKey(REPLICATION_ROUTES.push), 'push'],
  [routeKey(api.authorizeLaunch), 'launch'],
  [routeKey(api.syncMyExtended), 'syncExtended'],
  [routeKey(api.auditLog), 'audit'],
]);

export function installApiGate(
  app: FastifyInstance,
  deps: { authenticate: Authenticator; limits?: Partial<ApiRateLimits> | undefined },
): void {
  const limits: ApiRateLimits = { ...DEFAULT_API_RATE_LIMITS, ...deps.limits };
  const limiters = new Map<string, RateLimiter>();
  for (const route of Object.keys(limits) as LimitedRoute[]) {
    limiters.set(`${route}:user`, new RateLimiter(limits[route].perUser));
    limiters.set(`${route}:address`, new RateLimiter(limits[route].perAddress));
  }
  const take = (route: LimitedRoute, scope: 'user' | 'address', key: string): void => {
    const decision = limiters.get(`${route}:${scope}`)?.take(key);
    if (decision === undefined || decision.allowed) return;
    throw new RateLimited(decision.retryAfterSeconds);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const route = LIMITED.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    try {
      if (route !== undefined) take(route, 'address', request.ip);
      const identity = await authenticated(deps.authenticate, request);
      if (route !== undefined && identity !== null) take(route, 'user', identity);
    } catch (err) {
      if (!(err instanceof RateLimited)) throw err;
      return reply
        .code(429)
        .header('retry-after', String(err.retryAfterSeconds))
        .send(errorBody('rate_limited', `Too many requests. Try again in ${err.retryAfterSeconds} s.`));
    }
  });
}

/** The user's id; null when the token is valid but names no active member (the route answers 403). */
async function authenticated(authenticate: Authenticator, request: FastifyRequest): Promise<string | null> {
  try {
    return (await authenticate(request)).principal.user.id;
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return null;
    throw err;
  }
}

class RateLimited extends Error {
  override name = 'RateLimited';
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}
