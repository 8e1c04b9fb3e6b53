/**
 * Every error answer has the wire shape `{ error: { code, message } }`, its code one of the
 * contract's `ErrorCode`s (domain/wire/api/errors.ts). Routes throw `ApiError` for every refusal; the error handler maps Fastify's own errors
 * (bad JSON, oversized body) to the same shape and hides the details of unexpected ones.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorBody, ErrorCode } from '../../domain/wire/api/errors';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | Error, request, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send(errorBody(err.code, err.message));
    const fastifyCode = 'code' in err ? err.code : undefined;
    if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      return reply.status(400).send(errorBody('invalid_json', 'The request body is not valid JSON.'));
    }
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .status(413)
        .send(errorBody('payload_too_large', 'The request body is larger than the server accepts.'));
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody('bad_request', err.message));
    request.log.error({ err }, 'unexpected error');
    return reply.status(500).send(errorBody('internal', 'The server failed to handle this request.'));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody('not_found', 'No such route.')));
}
