/**
 * The server's log: levels from `--log-level` / LOG_LEVEL, and nothing in it that the log's
 * readers may not see. Request lines carry method, path, status and timing — never headers
 * (tokens), bodies (records, secrets) or a SCIM query (its filters hold e-mail addresses and
 * external ids: `userName eq "ada@example.com"`).
 *
 * Every request has an id (`reqId` on each of its log lines, echoed in the `x-request-id` response
 * header): a caller's own `x-request-id` (a load balancer's, say) when it is a short safe token,
 * otherwise a fresh one, so a request can be followed from the balancer's log into ours. A header
 * that is long or holds other characters is replaced, never logged: it could be a log-injection
 * attempt or carry data. Lines are JSON (pino) for log collectors; in a terminal the CLI passes
 * its stdout as `prettyTo` and the same lines, after the same serializers, are printed for the
 * eye by pino-pretty.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import pinoPretty from 'pino-pretty';

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

/** `prettyTo`: write human-readable lines there (a terminal) instead of JSON to stdout. */
export function loggerOptions(level: LogLevel, prettyTo?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: redactedUrl(req.url), remoteAddress: req.ip }),
    },
    ...(prettyTo === undefined
      ? {}
      : {
          stream: pinoPretty({
            destination: prettyTo,
            colorize: prettyTo === process.stdout && process.stdout.isTTY,
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname',
            sync: true,
          }),
        }),
  };
}

export const REQUEST_ID_HEADER = 'x-request-id';
/** Letters, digits and `._-`, at most 64: UUIDs, balancer ids, trace ids; nothing that could carry a line break or markup. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the caller's `x-request-id` if it is a safe token, else a new UUID. */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify options that make the ids (its own `requestIdHeader` would take any header as is). */
export const requestIdOptions = { genReqId: requestIdOf, requestIdHeader: false } as const;

/** Echoes the id to the caller, on every answer including errors. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
