/**
 * Errors raised before any route or plugin sees the request — a path that is not a valid URL
 * component (`%ud800`), or a request Node's HTTP parser refuses (headers or URL over 16 KiB, a
 * malformed request line) — answered in the shape of the interface the path belongs to:
 * SCIM's error body under `/scim/`, the sync API's everywhere else. Without this, Fastify's own
 * body (`{ statusCode, code, error, message }`) would reach clients that parse neither.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
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

/**
 * Fastify's `clientErrorHandler`: Node's parser refused the request, so there is no request
 * object, only the first bytes received. Those name the path, which picks the body's shape.
 */
export function answerClientError(error: Error & { code: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request line or headers are larger than the server accepts (16 KiB).']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request was not received in time.']
        : [400, 'The request is not valid HTTP.'];
  const start = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, 64).toString('latin1') : '';
  const scim = /^[A-Z]+ \/scim\//.test(start);
  const body = JSON.stringify(
    scim
      ? new ScimError(status, message, status === 400 ? 'invalidSyntax' : undefined).toBody()
      : errorBody('bad_request', message),
  );
  if (socket.writable) {
    const type = scim ? SCIM_MEDIA_TYPE : 'application/json; charset=utf-8';
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${type}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
