/**
 * The replication API, versioned under /api/v1 (domain/wire/replication.ts is the contract).
 * Order inside each handler: authenticate, validate input (nothing is written on bad input),
 * then pull or push.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CollectionName } from '../../domain/wire/collections';
import { PullQuery, pushRequestSchema, REPLICATION_ROUTES } from '../../domain/wire/replication';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import type { WorkspaceCache } from '../workspace/workspace-cache';
import { pullFor } from './pull';
import { pushAll } from './push';
import { PushBatches } from './push-batches';
import type { LiveStreams } from './stream';

export interface ReplicationDeps {
  db: Db;
  repo: RecordsRepo;
  cache: WorkspaceCache;
  authenticate: Authenticator;
  streams: LiveStreams;
  /** Counts pulls and pushes with their documents (metrics); never sees the documents. */
  observe?: {
    pulled(collection: CollectionName, documents: number): void;
    pushed(collection: CollectionName, documents: number, conflicts: number): void;
  };
}

export function registerReplicationRoutes(app: FastifyInstance, deps: ReplicationDeps): void {
  const pushes = new PushBatches((requests) => pushAll(deps, requests));

  app.get(REPLICATION_ROUTES.stream.path, async (request, reply) => {
    const { principal, tokenExpiresAt } = await deps.authenticate(request);
    deps.streams.attach(reply, { userId: principal.user.id, endsAt: tokenExpiresAt });
  });

  app.get(REPLICATION_ROUTES.pull.path, async (request, reply) => {
    const { principal, state } = await deps.authenticate(request);
    const collection = collectionOf(request);
    const query = parse(PullQuery, request.query, 'query');
    const page = await pullFor(deps, state, principal.user.id, collection, query);
    deps.observe?.pulled(collection, page.count);
    return reply.type('application/json; charset=utf-8').send(page.json);
  });

  app.post(REPLICATION_ROUTES.push.path, async (request) => {
    const { principal } = await deps.authenticate(request);
    const collection = collectionOf(request);
    const rows = parse(pushRequestSchema(collection), request.body, 'body');
    const conflicts = await pushes.push({ principal, collection, rows });
    deps.observe?.pushed(collection, rows.length, conflicts.length);
    return { conflicts };
  });
}

function collectionOf(request: FastifyRequest): CollectionName {
  const raw = (request.params as { collection?: unknown }).collection;
  const parsed = CollectionName.safeParse(raw);
  if (!parsed.success) throw new ApiError(404, 'unknown_collection', `There is no collection named '${String(raw)}'.`);
  return parsed.data;
}

function parse<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { path, message } = firstIssue(parsed.error.issues);
  const at = path.length === 0 ? '' : ` at ${path.join('.')}`;
  throw new ApiError(400, 'bad_request', `Invalid ${where}${at}: ${message}`);
}

/** A document is "a record or a tombstone": report why it is not a record, the likelier intent. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): { path: PropertyKey[]; message: string } {
  const issue = issues[0];
  if (issue === undefined) return { path: [], message: 'invalid' };
  if (issue.code === 'invalid_union' && issue.errors[0] !== undefined && issue.errors[0].length > 0) {
    const inner = firstIssue(issue.errors[0]);
    return { path: [...issue.path, ...inner.path], message: inner.message };
  }
  return { path: issue.path, message: issue.message };
}
