/**
 * Authentication of SCIM requests: the workspace SCIM bearer token (RFC 6750 §2.1), checked
 * against its stored digest (see `tokenVerifier` for how rotation reaches every process).
 * Rate limiting runs first, so guessing tokens costs the guesser 429s.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from './errors';
import type { RateLimiter } from './rate-limit';
import type { TokenVerifier } from './token';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i;

export function requireScimToken(deps: { tokens: TokenVerifier; limiter: RateLimiter }) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const rate = deps.limiter.take(req.ip);
    if (!rate.allowed) {
      // RFC 6585 §4; Okta waits Retry-After seconds before retrying.
      throw new ScimError(429, 'too many requests', undefined, {
        headers: { 'retry-after': String(rate.retryAfterSeconds) },
      });
    }
    const presented = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!presented || !(await deps.tokens.verify(presented))) {
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
