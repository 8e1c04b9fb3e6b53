/**
 * The server's log: levels from `--log-level` / LOG_LEVEL, and nothing in it that the log's
 * readers may not see. Request lines carry method, path, status and timing — never headers
 * (tokens), bodies (records, secrets) or a SCIM query (its filters hold e-mail addresses and
 * external ids: `userName eq "ada@example.com"`).
 */
import type { FastifyServerOptions } from 'fastify';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
}

/** `/scim/v2/Users?filter=…` → `/scim/v2/Users?[query redacted]`; other paths keep their query (ids, checkpoints). */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1 || !url.startsWith('/scim/')) return url;
  return `${url.slice(0, q)}?[query redacted]`;
}

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: redactedUrl(req.url), remoteAddress: req.ip }),
    },
  };
}
