import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { rewriteForOkta } from './oidc/okta-compat';
import { AUTH_SERVER_PATH } from './oidc/provider';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * One HTTP server for the whole simulated org, as Okta serves OIDC, the Management API and the
 * dashboard from one origin. Requests under the authorization server go to oidc-provider
 * (a Koa app mounted at its path, as express would mount it); everything else to Fastify.
 */
export function createSimServer(oidc: () => Handler | undefined, log = false): FastifyInstance {
  const app = Fastify({
    // Warnings and errors only: request lines would drown the demo's console.
    logger: log ? { level: 'warn' } : false,
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    serverFactory: (fastifyHandler) =>
      createServer((req, res) => {
        const url = req.url ?? '/';
        const oidcHandler = oidc();
        if (oidcHandler && (url === AUTH_SERVER_PATH || url.startsWith(`${AUTH_SERVER_PATH}/`))) {
          mountAt(req, AUTH_SERVER_PATH);
          oidcHandler(req, res);
          return;
        }
        fastifyHandler(req, res);
      }),
  });
  app.register(formbody);
  app.register(cookie);
  return app;
}

function mountAt(req: IncomingMessage, prefix: string): void {
  const url = req.url ?? '/';
  let rest = url.slice(prefix.length) || '/';
  if (rest.startsWith('?')) rest = `/${rest}`;
  if (req.method === 'GET') rest = rewriteForOkta(rest);
  // oidc-provider derives its mount path from `originalUrl` minus `url` (see its OIDCContext.urlFor).
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = `${prefix}${rest}`;
  req.url = rest;
}
