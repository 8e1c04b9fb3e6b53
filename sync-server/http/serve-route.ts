/**
 * Registers a `/api/v1` route from its entry in the HTTP contract (domain/wire/api/): the method
 * and path come from the entry, the handler's answer is typed against its response schema, and
 * params, query and body are parsed with its schemas.
 *
 * Parsing is on demand (`input.params()`, `input.query()`, `input.body()`), not before the
 * handler: each route reads its input only after it has authorised the caller where the
 * decision does not depend on that input, so a refused caller learns nothing from a 400 about
 * which ids or bodies would be accepted (the security rule: authorise before any lookup).
 * Invalid input is answered 400 `bad_request` in the wire ErrorBody shape, with the route's own
 * sentence. Refusals are thrown as `ApiError`; the error handler (api-error.ts) answers them.
 *
 * Under test and in development every answer is also checked against the entry's response
 * schema (as JSON, the way a client reads it); a mismatch is a server bug, answered 500.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteAnswer, RouteBody, RouteParams, RouteQuery, RouteSpec } from '../../domain/wire/api/define-route';
import { ApiError } from './api-error';

/** What answers invalid input: a sentence for the 400, or an error of the route's own. */
export type InvalidInput = string | ((error: z.ZodError) => ApiError);

export interface RouteInputs<R extends RouteSpec> {
  params(): RouteParams<R>;
  query(): RouteQuery<R>;
  body(): RouteBody<R>;
}

export interface RouteHandlerContext<R extends RouteSpec> {
  request: FastifyRequest;
  /** For headers only; the status and body come from the contract and the handler's answer. */
  reply: FastifyReply;
  input: RouteInputs<R>;
}

export interface ServeOptions<R extends RouteSpec> {
  invalid?: { params?: InvalidInput; query?: InvalidInput; body?: InvalidInput };
  handler: (context: RouteHandlerContext<R>) => Promise<RouteAnswer<R>>;
}

const DEFAULT_INVALID: Record<'params' | 'query' | 'body', string> = {
  params: 'The path is not valid for this route.',
  query: 'The query is not valid for this route.',
  body: 'The body is not valid for this route.',
};

const checkAnswers = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development';

export function serveRoute<R extends RouteSpec>(
  app: FastifyInstance,
  route: R,
  options: ServeOptions<NoInfer<R>>,
): void {
  const parse = (part: 'params' | 'query' | 'body', raw: unknown): unknown => {
    const schema = route[part];
    if (schema === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const invalid = options.invalid?.[part] ?? DEFAULT_INVALID[part];
    throw typeof invalid === 'string' ? new ApiError(400, 'bad_request', invalid) : invalid(parsed.error);
  };
  app.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      const input = {
        params: () => parse('params', request.params),
        query: () => parse('query', request.query),
        body: () => parse('body', request.body),
      } as RouteInputs<R>;
      const answer = await options.handler({ request, reply, input });
      if (checkAnswers) assertAnswer(route, answer);
      const status = route.status ?? 200;
      return status === 204 ? reply.code(204).send() : reply.code(status).send(answer);
    },
  });
}

function assertAnswer(route: RouteSpec, answer: unknown): void {
  const wire = answer === undefined || answer === null ? null : JSON.parse(JSON.stringify(answer));
  const parsed = route.response.safeParse(wire);
  if (!parsed.success) {
    throw new Error(`${route.method} ${route.path} answered outside its contract: ${parsed.error.message}`);
  }
}
