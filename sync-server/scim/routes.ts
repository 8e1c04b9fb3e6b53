/**
 * The SCIM 2.0 service provider (RFC 7643/7644) as one Fastify plugin, mounted by `buildApp`
 * at `/scim/v2`. Authenticated by the workspace SCIM bearer token, not OIDC: Okta's
 * provisioning client holds no user session.
 *
 * Everything inside this plugin answers in SCIM's media type and SCIM's error shape, including
 * failures Fastify detects itself (body too large, wrong media type, unknown route).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Id } from '../../domain/records';
import { DEFAULT_FAILED_AUTH_LIMIT, DEFAULT_RATE_LIMIT, type RateLimitConfig, RateLimiter } from '../http/rate-limit';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { requireScimToken } from './auth';
import { listOf, resourceTypes, schemas, serviceProviderConfig } from './discovery';
import { badRequest, notFound } from './errors';
import { groupsService } from './groups-service';
import { installScimErrors, SCIM_MEDIA_TYPE } from './http-errors';
import { listResponse, parseListQuery } from './list';
import { recordsScimStore } from './records-adapter';
import { tokenVerifier } from './token';
import { usersService } from './users-service';

/** Large enough for a group of ~50,000 members in one PUT; documented in ServiceProviderConfig. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What `buildApp` passes every mounted plugin (its `ServerContext`), plus SCIM tuning. */
export interface ScimRoutesOptions {
  db: Db;
  repo: RecordsRepo;
  /** `publicUrl` (`https://latchkey.example.com`) makes `meta.location`; else taken from the request. */
  config?: { publicUrl?: string | undefined; ownerEmail?: string | undefined } | undefined;
  now?: (() => Date) | undefined;
  rateLimit?: RateLimitConfig | undefined;
  /** Requests with a wrong or missing token, per address (DEFAULT_FAILED_AUTH_LIMIT). */
  failedAuthLimit?: RateLimitConfig | undefined;
  maxBodyBytes?: number | undefined;
}

export const scimRoutes: FastifyPluginAsync<ScimRoutesOptions> = async (app, opts) => {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const now = opts.now ?? (() => new Date());
  const store = recordsScimStore(opts.db, opts.repo);
  const users = usersService({ store, now, ownerEmail: opts.config?.ownerEmail });
  const groups = groupsService({ store, now });
  const publicUrl = opts.config?.publicUrl?.replace(/\/+$/, '');
  const baseUrlOf = (req: FastifyRequest): string => `${publicUrl ?? `${req.protocol}://${req.host}`}${app.prefix}`;

  installScimErrors(app, maxBodyBytes);
  const tokens = await tokenVerifier(opts.db);
  app.addHook('onClose', () => tokens.close());
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const failures = new RateLimiter(opts.failedAuthLimit ?? DEFAULT_FAILED_AUTH_LIMIT);
  app.addHook('onRequest', requireScimToken({ tokens, limiter, failures }));

  app.get('/ServiceProviderConfig', async (req, reply) =>
    send(reply, 200, serviceProviderConfig(baseUrlOf(req), maxBodyBytes)),
  );
  app.get('/ResourceTypes', async (req, reply) => send(reply, 200, listOf(resourceTypes(baseUrlOf(req)))));
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (req, reply) =>
    send(
      reply,
      200,
      findOr404(resourceTypes(baseUrlOf(req)), (r) => r.id === req.params.id, 'ResourceType'),
    ),
  );
  app.get('/Schemas', async (req, reply) => send(reply, 200, listOf(schemas(baseUrlOf(req)))));
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (req, reply) =>
    send(
      reply,
      200,
      findOr404(schemas(baseUrlOf(req)), (s) => s.id === req.params.id, 'Schema'),
    ),
  );

  registerResource(app, '/Users', users, baseUrlOf);
  registerResource(
    app,
    '/Groups',
    {
      ...groups,
      // A linked team existed before, but the client asked to create and gets the resource either way.
      create: async (body: unknown) => (await groups.create(body)).stored,
    },
    baseUrlOf,
  );
};

interface ResourceService<R extends { id: string }, S extends { record: R; version: string }> {
  render(stored: S, baseUrl: string): unknown;
  list(page: ReturnType<typeof parseListQuery>, baseUrl: string): Promise<{ resources: unknown[]; total: number }>;
  get(id: string): Promise<S>;
  create(body: unknown): Promise<S>;
  replace(id: string, body: unknown, ifMatch?: string): Promise<S>;
  patch(id: string, body: unknown, ifMatch?: string): Promise<S>;
  remove(id: string, ifMatch?: string): Promise<void>;
}

function registerResource<R extends { id: string }, S extends { record: R; version: string }>(
  app: FastifyInstance,
  path: string,
  service: ResourceService<R, S>,
  baseUrlOf: (req: FastifyRequest) => string,
): void {
  type ById = { Params: { id: string } };
  const resource = (reply: FastifyReply, status: number, stored: S, baseUrl: string) =>
    send(reply.header('etag', `W/"${stored.version}"`), status, service.render(stored, baseUrl));

  app.get(path, async (req, reply) => {
    const page = parseListQuery(req.query);
    const { resources, total } = await service.list(page, baseUrlOf(req));
    return send(reply, 200, listResponse(resources, total, page));
  });
  app.post(path, async (req, reply) => {
    const stored = await service.create(bodyOf(req));
    const baseUrl = baseUrlOf(req);
    // RFC 7644 §3.3: 201 with the resource and its URI in Location.
    return resource(reply.header('location', `${baseUrl}${path}/${stored.record.id}`), 201, stored, baseUrl);
  });
  app.get<ById>(`${path}/:id`, async (req, reply) =>
    resource(reply, 200, await service.get(idParam(req)), baseUrlOf(req)),
  );
  app.put<ById>(`${path}/:id`, async (req, reply) =>
    resource(reply, 200, await service.replace(idParam(req), bodyOf(req), ifMatchOf(req)), baseUrlOf(req)),
  );
  app.patch<ById>(`${path}/:id`, async (req, reply) =>
    resource(reply, 200, await service.patch(idParam(req), bodyOf(req), ifMatchOf(req)), baseUrlOf(req)),
  );
  app.delete<ById>(`${path}/:id`, async (req, reply) => {
    await service.remove(idParam(req), ifMatchOf(req));
    return reply.code(204).send();
  });
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(SCIM_MEDIA_TYPE).send(body);
}

function findOr404<T>(items: T[], match: (item: T) => boolean, what: string): T {
  const found = items.find(match);
  if (found === undefined) throw notFound(`${what} not found`);
  return found;
}

/** Every id we issue is an `Id`; anything else (a NUL, a path) is refused before any query. */
function idParam(req: FastifyRequest<{ Params: { id: string } }>): string {
  const parsed = Id.safeParse(req.params.id);
  if (!parsed.success) throw badRequest('invalidValue', `id: ${parsed.error.issues[0]?.message ?? 'not an id'}`);
  return parsed.data;
}

/** An empty body parses as none (DELETE may carry the header); a write needs one. */
function bodyOf(req: FastifyRequest): unknown {
  if (req.body === undefined) throw badRequest('invalidSyntax', 'the request body is empty');
  return req.body;
}

function ifMatchOf(req: FastifyRequest): string | undefined {
  const value = req.headers['if-match'];
  return Array.isArray(value) ? value.join(',') : value;
}
