import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { api } from '../../../../domain/wire/api';
import { ApiError, installErrorHandler } from '../../../../sync-server/http/api-error';
import { serveRoute } from '../../../../sync-server/http/serve-route';

/** One contract route served by a handler under test, no store or identity provider. */
async function serve(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify();
  installErrorHandler(app);
  register(app);
  await app.ready();
  return app;
}

describe('serveRoute', () => {
  it('answers with the contract status and the handler answer', async () => {
    const app = await serve((a) =>
      serveRoute(a, api.syncAccount, {
        handler: async ({ input }) => ({
          account: {
            id: input.params().id,
            extensionState: 'pending' as const,
            extendedAt: null,
            lastSyncedAt: null,
            lastError: null,
          },
        }),
      }),
    );
    const reply = await app.inject({ method: 'POST', url: '/api/v1/accounts/acc-1/sync' });
    expect(reply.statusCode).toBe(202);
    expect(reply.json()).toMatchObject({ account: { id: 'acc-1', extensionState: 'pending' } });
  });

  it("answers invalid input 400 in the wire error shape, with the route's sentence, only when the handler reads it", async () => {
    const read: string[] = [];
    const app = await serve((a) =>
      serveRoute(a, api.setAllAccess, {
        invalid: { body: 'The body must be { "on": true } or { "on": false }.' },
        handler: async ({ input }) => {
          read.push('before');
          return { on: input.body().on };
        },
      }),
    );
    const reply = await app.inject({ method: 'PUT', url: '/api/v1/me/all-access', payload: { on: 'yes' } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toEqual({
      error: { code: 'bad_request', message: 'The body must be { "on": true } or { "on": false }.' },
    });
    expect(read).toEqual(['before']);
  });

  it('answers a thrown ApiError with its status and code', async () => {
    const app = await serve((a) =>
      serveRoute(a, api.me, {
        handler: async () => {
          throw new ApiError(403, 'login_only', 'Login-only users cannot.');
        },
      }),
    );
    const reply = await app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json()).toEqual({ error: { code: 'login_only', message: 'Login-only users cannot.' } });
  });

  it('sends no body for a 204 route', async () => {
    const app = await serve((a) => serveRoute(a, api.revokeScimToken, { handler: async () => null }));
    const reply = await app.inject({ method: 'DELETE', url: '/api/v1/scim-token' });
    expect(reply.statusCode).toBe(204);
    expect(reply.body).toBe('');
  });

  it('under test, refuses to send an answer outside the contract (a server bug, 500)', async () => {
    const app = await serve((a) =>
      serveRoute(a, api.setAllAccess, {
        // The wrong shape on purpose: what the type check prevents, the runtime check catches.
        handler: async () => JSON.parse('{"enabled": true}'),
      }),
    );
    const reply = await app.inject({ method: 'PUT', url: '/api/v1/me/all-access', payload: { on: true } });
    expect(reply.statusCode).toBe(500);
    expect(reply.json()).toMatchObject({ error: { code: 'internal' } });
  });
});
