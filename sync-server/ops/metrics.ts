/**
 * The server's Prometheus metrics (`prom-client`), one registry per `buildApp`: tests and
 * benchmarks start many servers in one process, and the library's global default registry would
 * mix their counts (and refuse a second metric of the same name).
 *
 * Labels are chosen so that no scrape can carry a person's data: HTTP requests are labelled by the
 * route *pattern* (`/api/v1/launch/:accountId/authorize`, never the id), replication by collection
 * name, SCIM by resource type and operation, Okta by rate-limit bucket. Never a URL, query,
 * e-mail, token, account name or id.
 *
 * Gauges that describe shared state (the Okta outbox) are computed on scrape, so every process on
 * one PostgreSQL reports the same queue, and nothing has to keep them up to date between scrapes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { api } from '../../domain/wire/api';
import type { CollectionName } from '../../domain/wire/collections';
import type { Queryable } from '../store/db';

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Seconds; from a fast cached pull to a large first sync's push. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServerMetrics {
  readonly registry: Registry;
  /** Counts each request by route pattern, method and status, with its latency. */
  install(app: FastifyInstance): void;
  pulled(collection: CollectionName, documents: number): void;
  pushed(collection: CollectionName, documents: number, conflicts: number): void;
  /** One attempt of a call to Okta (governed-executor.ts `onAttempt`). */
  oktaAttempt(e: { bucket: string; status: number | 'network-error'; retrying: boolean }): void;
  /** Read on every scrape. */
  sseClients(count: () => number): void;
  /** The Okta outbox gauges are read from the store on every scrape. */
  outbox(db: Queryable): void;
  text(): Promise<string>;
}

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  const httpRequests = new Counter({
    name: 'latchkey_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and method.',
    labelNames: ['route', 'method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const pulls = new Counter({
    name: 'latchkey_replication_pulls_total',
    help: 'Replication pulls answered, by collection.',
    labelNames: ['collection'] as const,
    registers: [registry],
  });
  const pulledDocs = new Counter({
    name: 'latchkey_replication_pulled_documents_total',
    help: 'Documents (records and tombstones) sent by replication pulls, by collection.',
    labelNames: ['collection'] as const,
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'latchkey_replication_pushes_total',
    help: 'Replication pushes answered, by collection.',
    labelNames: ['collection'] as const,
    registers: [registry],
  });
  const pushedDocs = new Counter({
    name: 'latchkey_replication_pushed_documents_total',
    help: 'Documents received by replication pushes, by collection and outcome (accepted or conflict).',
    labelNames: ['collection', 'outcome'] as const,
    registers: [registry],
  });
  const scimRequests = new Counter({
    name: 'latchkey_scim_requests_total',
    help: 'SCIM requests answered, by resource type, operation and status code.',
    labelNames: ['resource', 'operation', 'status'] as const,
    registers: [registry],
  });
  const launches = new Counter({
    name: 'latchkey_launches_total',
    help: 'Launch authorisations answered, by outcome (authorized, refused, unauthenticated).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const oktaCalls = new Counter({
    name: 'latchkey_okta_calls_total',
    help: 'HTTP attempts made to Okta, by rate-limit bucket and status code (network-error without an answer).',
    labelNames: ['bucket', 'status'] as const,
    registers: [registry],
  });
  const oktaRateLimited = new Counter({
    name: 'latchkey_okta_rate_limited_total',
    help: 'Okta answers 429 (rate limited), by bucket.',
    labelNames: ['bucket'] as const,
    registers: [registry],
  });
  const oktaRetries = new Counter({
    name: 'latchkey_okta_retries_total',
    help: 'Okta calls attempted again after a 429, a 5xx or a dropped connection, by bucket.',
    labelNames: ['bucket'] as const,
    registers: [registry],
  });
  let countSse: () => number = () => 0;
  new Gauge({
    name: 'latchkey_sse_clients',
    help: 'Live replication streams (server-sent events) open on this process.',
    registers: [registry],
    collect() {
      this.set(countSse());
    },
  });
  let outboxDb: Queryable | null = null;
  // Both outbox gauges come from one query per scrape.
  let outboxRead: Promise<{ depth: number; oldest: number }> | null = null;
  const readOutbox = (): Promise<{ depth: number; oldest: number }> => {
    if (outboxDb === null) return Promise.resolve({ depth: 0, oldest: 0 });
    outboxRead ??= outboxDb
      .query<{ depth: number; oldest: number | null }>(
        'select count(*)::int as depth, extract(epoch from (now() - min(enqueued_at)))::float8 as oldest from okta_outbox',
      )
      .then((rows) => ({ depth: rows[0]?.depth ?? 0, oldest: Math.max(0, rows[0]?.oldest ?? 0) }))
      .finally(() => {
        outboxRead = null;
      });
    return outboxRead;
  };
  new Gauge({
    name: 'latchkey_okta_outbox_depth',
    help: 'Accounts queued for the Okta worker (all processes on this store), read on scrape.',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).depth);
    },
  });
  new Gauge({
    name: 'latchkey_okta_outbox_oldest_age_seconds',
    help: 'Age of the oldest queued Okta job in seconds (0 when the queue is empty), read on scrape.',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).oldest);
    },
  });

  return {
    registry,
    install(app) {
      app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
        // Unmatched URLs (404s, scanners) share one label rather than one series per URL.
        const route = request.routeOptions.url ?? 'unmatched';
        const method = request.method;
        const status = String(reply.statusCode);
        httpRequests.inc({ route, method, status });
        httpDuration.observe({ route, method }, reply.elapsedTime / 1000);
        if (route.startsWith('/scim/v2/')) {
          const { resource, operation } = scimOperation(method, route);
          scimRequests.inc({ resource, operation, status });
        }
        if (route === api.authorizeLaunch.path) {
          const outcome =
            reply.statusCode === 200
              ? 'authorized'
              : reply.statusCode === 403
                ? 'refused'
                : reply.statusCode === 401
                  ? 'unauthenticated'
                  : null;
          if (outcome !== null) launches.inc({ outcome });
        }
      });
    },
    pulled(collection, documents) {
      pulls.inc({ collection });
      pulledDocs.inc({ collection }, documents);
    },
    pushed(collection, documents, conflicts) {
      pushes.inc({ collection });
      pushedDocs.inc({ collection, outcome: 'accepted' }, Math.max(0, documents - conflicts));
      pushedDocs.inc({ collection, outcome: 'conflict' }, conflicts);
    },
    oktaAttempt({ bucket, status, retrying }) {
      oktaCalls.inc({ bucket, status: String(status) });
      if (status === 429) oktaRateLimited.inc({ bucket });
      if (retrying) oktaRetries.inc({ bucket });
    },
    sseClients(count) {
      countSse = count;
    },
    outbox(db) {
      outboxDb = db;
    },
    text: () => registry.metrics(),
  };
}

/** `/scim/v2/Users/:id` + PATCH → Users, patch. Only route patterns reach here, never ids. */
export function scimOperation(method: string, route: string): { resource: string; operation: string } {
  const [resource = 'unknown', id] = route.slice('/scim/v2/'.length).split('/');
  const byId = id !== undefined;
  const operation =
    method === 'GET'
      ? byId
        ? 'get'
        : 'list'
      : method === 'POST'
        ? 'create'
        : method === 'PUT'
          ? 'replace'
          : method === 'PATCH'
            ? 'patch'
            : method === 'DELETE'
              ? 'delete'
              : method.toLowerCase();
  return { resource, operation };
}
