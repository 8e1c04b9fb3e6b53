/**
 * The SCIM edge's one error handler and its body parsing (RFC 7644 §3.1, §3.12): requests may
 * be `application/scim+json` or `application/json`; anything else, a body that is not JSON or is
 * too large, an unknown route and any unexpected failure all answer with a SCIM error body.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { findUnsafeStructure } from '../../domain/text';
import { ScimError } from './errors';

export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

/** SCIM resources nest three levels (a User's `name.givenName`, a PatchOp's value); 32 is generous. */
export const MAX_SCIM_BODY_DEPTH = 32;

export function installScimErrors(app: FastifyInstance, maxBodyBytes: number): void {
  // Encapsulated: replaces JSON parsing for this plugin's routes only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/scim+json', 'application/json'],
    { parseAs: 'string', bodyLimit: maxBodyBytes },
    (_req, body, done) => {
      try {
        done(null, parseScimBody(body as string));
      } catch (err) {
        done(err instanceof ScimError ? err : new ScimError(400, 'invalid request body', 'invalidSyntax'), undefined);
      }
    },
  );

  app.setNotFoundHandler((req, reply) => {
    const err = new ScimError(404, `no SCIM endpoint ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).type(SCIM_MEDIA_TYPE).send(err.toBody());
  });

  app.setErrorHandler((error: FastifyError | ScimError, req, reply) => {
    const scimError = toScimError(error, maxBodyBytes);
    if (scimError.status >= 500) req.log.error({ err: error }, 'SCIM request failed');
    return reply.code(scimError.status).headers(scimError.headers).type(SCIM_MEDIA_TYPE).send(scimError.toBody());
  });
}

function toScimError(error: FastifyError | ScimError, maxBodyBytes: number): ScimError {
  if (error instanceof ScimError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, `the request body exceeds ${maxBodyBytes} bytes`, undefined, { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ScimError(415, 'send application/scim+json or application/json', undefined, { cause: error });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScimError(400, 'the request body is empty', 'invalidSyntax', { cause: error });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return new ScimError(status, error.message, status === 400 ? 'invalidSyntax' : undefined, { cause: error });
  // Never echo internals (SQL, stack) to the client; the log has them.
  return new ScimError(500, 'internal error', undefined, { cause: error });
}

/**
 * JSON with no way into a prototype: `__proto__` and `constructor.prototype` are refused while
 * parsing (as Fastify's own parser does), and a `__proto__`, `constructor` or `prototype` key
 * anywhere is refused before a PATCH path walker or a merge can follow it. An empty body is no
 * body: some IdP clients send a JSON Content-Type on every call, DELETE included.
 */
export function parseScimBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (cause) {
    if (cause instanceof SyntaxError && /forbidden prototype property/.test(cause.message)) {
      throw new ScimError(400, 'the request body uses a reserved key (__proto__ or constructor)', 'invalidValue', {
        cause,
      });
    }
    throw new ScimError(400, 'the request body is not valid JSON', 'invalidSyntax', { cause });
  }
  const unsafe = findUnsafeStructure(parsed, MAX_SCIM_BODY_DEPTH);
  if (unsafe?.kind === 'prototype_key') {
    throw new ScimError(400, `'${unsafe.path}': the key is reserved and is not a SCIM attribute`, 'invalidValue');
  }
  if (unsafe?.kind === 'too_deep') {
    throw new ScimError(400, `'${unsafe.path}' nests deeper than ${MAX_SCIM_BODY_DEPTH} levels`, 'invalidValue');
  }
  return parsed;
}
