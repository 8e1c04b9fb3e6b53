/**
 * Authentication of SCIM requests: the workspace SCIM bearer token (RFC 6750 §2.1), checked
 * against its stored digest (see `tokenVerifier` for how rotation reaches every process).
 * Two limits per address run before the token is looked at, so a guesser costs the store
 * nothing: every request (`limiter`), and failed attempts (`failures`, spent only when a token
 * is refused; once empty, even the right token waits — the address is guessing).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateDecision, RateLimiter } from '../http/rate-limit';
import { ScimError } from './errors';
import type { TokenVerifier } from './token';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i;

export function requireScimToken(deps: { tokens: TokenVerifier; limiter: RateLimiter; failures: RateLimiter }) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    refuseIfLimited(deps.limiter.take(req.ip));
    refuseIfLimited(deps.failures.peek(req.ip));
    const presented = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!presented || !(await deps.tokens.verify(presented))) {
      deps.failures.take(req.ip);
      throw new ScimError(
        401,
        presented ? 'the SCIM token is not valid' : 'a SCIM bearer token is required',
        undefined,
        {
          headers: { 'www-authenticate': 'Bearer realm="Latchkey SCIM"' },
        },
      );
    }
  };
}

function refuseIfLimited(rate: RateDecision): void {
  if (rate.allowed) return;
  // RFC 6585 §4; Okta waits Retry-After seconds before retrying.
  throw new ScimError(429, 'too many requests', undefined, {
    headers: { 'retry-after': String(rate.retryAfterSeconds) },
  });
}
