/**
 * Errors Fastify raises before any route or plugin sees the request (a path that is not a valid
 * URL component, such as `%ud800`), answered in the shape of the interface the path belongs to:
 * SCIM's error body under `/scim/`, the sync API's everywhere else. Without this, Fastify's own
 * body (`{ statusCode, code, error, message }`) would reach clients that parse neither.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../scim/errors';
import { SCIM_MEDIA_TYPE } from '../scim/http-errors';
import { errorBody } from './api-error';

export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = 'The request path is not a valid URL.';
  if (request.url.startsWith('/scim/')) {
    void reply
      .code(status)
      .type(SCIM_MEDIA_TYPE)
      .send(new ScimError(status, message, 'invalidValue').toBody());
    return;
  }
  void reply.code(status).send(errorBody('bad_request', message));
}
