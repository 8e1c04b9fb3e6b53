/**
 * Builds the whole server — store, migrations, identity, replication, SCIM — without listening.
 * Only cli.ts calls `listen`; tests and benchmarks call `buildApp` (through dev/stack).
 *
 * Fastify: schema-free routes here (zod validates at the edge), a body limit and JSON parser
 * with typed errors built in, `close()` that drains in-flight requests, and the plugin model
 * SCIM and Okta mount into. See README.md.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { logoRoutes } from './accounts/logo-routes';
import { registerLogoCleanup } from './accounts/logo-store';
import { orphanRoutes } from './accounts/orphan-routes';
import { auditRoutes } from './audit/routes';
import { createAuthenticator } from './auth/authenticate';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { ServerConfig } from './config';
import { installErrorHandler } from './http/api-error';
import { type ApiRateLimits, installApiGate } from './http/api-gate';
import { answerClientError, answerFrameworkError } from './http/framework-errors';
import { echoRequestId, type LogLevel, loggerOptions, requestIdOptions } from './http/logging';
import { launchRoutes } from './launch/routes';
import { createOktaSync, type OktaConfig, oktaRoutes } from './okta';
import { oktaAuthOf } from './okta/config';
import type { DriftSweeper } from './okta/drift-sweep';
import { registerHealthRoutes } from './ops/health';
import { createMetrics, type ServerMetrics } from './ops/metrics';
import { ChangeFeed } from './replication/change-feed';
import { registerReplicationRoutes } from './replication/routes';
import { LiveStreams } from './replication/stream';
import { scimRoutes } from './scim/routes';
import { scimTokenRoutes } from './scim/token-routes';
import { ensureSettings } from './store/bootstrap';
import { createCipher } from './store/credentials-cipher';
import { credentialsKeyring } from './store/credentials-keyring';
import { type Db, openDb } from './store/db';
import { migrate } from './store/migrate';
import { RecordsRepo } from './store/records-repo';
import { allAccessRoute } from './users/all-access-route';
import { eraseRoute } from './users/erase-route';
import { meRoute } from './users/me-route';
import { setRoleRoute } from './users/set-role-route';
import { teamRoleRoute } from './users/team-role-route';
import { unlinkOktaRoute } from './users/unlink-okta-route';
import { WorkspaceCache } from './workspace/workspace-cache';

/** What plugins mounted into the server (SCIM, Okta) receive as their options. */
export interface ServerContext {
  config: ReturnType<typeof ServerConfig.parse>;
  db: Db;
  repo: RecordsRepo;
  cache: WorkspaceCache;
  now: () => Date;
}

export interface BuildDeps {
  now?: () => Date;
  fetch?: typeof fetch;
  /** An already-open store (tests); otherwise opened from the configuration. Closed by `close`. */
  db?: Db;
  /** Replaces token verification (only for tests of other layers). */
  verifyToken?: TokenVerifier;
  /** Log at this level (sync-server/http/logging.ts); no log when absent. */
  logLevel?: LogLevel;
  /** Human-readable log lines to this stream (the CLI's terminal) instead of JSON on stdout. */
  logPrettyTo?: NodeJS.WritableStream;
  /** Okta worker tuning (tests, benchmarks); the org and credentials come from `config.okta`. */
  okta?: Omit<OktaConfig, 'orgUrl' | 'auth'>;
  /** Per-user and per-address limits of `/api/v1` routes (tests, benchmarks); DEFAULT_API_RATE_LIMITS otherwise. */
  rateLimits?: Partial<ApiRateLimits>;
}

export interface BuiltApp extends ServerContext {
  app: FastifyInstance;
  /** This server's own Prometheus registry; cli.ts serves it on `--metrics-port` (ops/metrics-server.ts). */
  metrics: ServerMetrics;
  /** This process's drift sweep (null without Okta or with the sweep off); tests and benchmarks run it now. */
  sweeper: DriftSweeper | null;
  /** Drains in-flight requests, ends live streams, then closes the store. */
  close(): Promise<void>;
}

export async function buildApp(rawConfig: ServerConfig, deps: BuildDeps = {}): Promise<BuiltApp> {
  const config = ServerConfig.parse(rawConfig);
  const now = deps.now ?? (() => new Date());
  const db = deps.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  try {
    await migrate(db);
    const repo = new RecordsRepo(createCipher(await credentialsKeyring(config)), now);
    const cache = new WorkspaceCache(repo);
    await ensureSettings(db, repo);
    // Index the workspace now rather than on the first request (seconds for a large workspace).
    await cache.current(db);
    const feed = new ChangeFeed();
    await feed.start(db);
    const streams = new LiveStreams(feed, () => cache.current(db));

    const app = Fastify({
      logger: deps.logLevel ? loggerOptions(deps.logLevel, deps.logPrettyTo) : false,
      ...requestIdOptions,
      bodyLimit: config.bodyLimitBytes,
      // Close idle keep-alive sockets at shutdown (clients may hold them for the 72 s keep-alive);
      // requests in flight still finish: that is the drain SIGTERM needs.
      forceCloseConnections: 'idle',
      // The client's address (per-address rate limits, logs) from trusted balancers only.
      ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
      frameworkErrors: answerFrameworkError,
      clientErrorHandler: answerClientError,
    });
    installErrorHandler(app);
    echoRequestId(app);
    const metrics = createMetrics();
    metrics.install(app);
    metrics.sseClients(() => streams.size);
    metrics.outbox(db);
    // Before any plugin is registered, so these hooks reach every route.
    // Live streams never finish on their own; end them first so close() can drain the rest.
    // Responses finished while draining say `Connection: close`, so a keep-alive socket that was
    // busy when shutdown began does not hold the server open until its idle timeout.
    let draining = false;
    app.addHook('onSend', async (_request, reply) => {
      if (draining) reply.header('connection', 'close');
    });
    app.addHook('preClose', async () => {
      draining = true;
      streams.closeAll();
    });
    const verify =
      deps.verifyToken ??
      createTokenVerifier({
        issuer: config.issuer,
        audience: config.audience,
        clientIds: config.clientIds,
        requiredScope: config.requiredScope,
        fetch: deps.fetch,
      });
    const authenticate = createAuthenticator({ verify, cache, db });
    installApiGate(app, { authenticate, limits: deps.rateLimits });
    registerReplicationRoutes(app, { db, repo, cache, authenticate, streams, observe: metrics });
    const context: ServerContext = { config, db, repo, cache, now };
    await app.register(scimRoutes, { ...context, prefix: '/scim/v2' });
    await app.register(scimTokenRoutes, { db, authenticate });
    const okta = createOktaSync({
      db,
      repo,
      publicUrl: () => config.publicUrl ?? `http://${config.host}:${(app.server.address() as { port: number }).port}`,
      okta: config.okta && {
        ...deps.okta,
        sweep: { intervalMs: config.okta.sweepIntervalMs, ...deps.okta?.sweep },
        orgUrl: config.okta.orgUrl,
        auth: oktaAuthOf(config.okta),
      },
      log: (message, detail) => app.log.warn(detail ?? {}, message),
      onCommit: (fn) => feed.subscribe(fn),
      onAttempt: (e) => metrics.oktaAttempt(e),
    });
    registerHealthRoutes(app, { db, worker: okta.worker, feed, okta: okta.configured ? okta.connection : null });
    await app.register(oktaRoutes, {
      db,
      repo,
      authenticate,
      oktaConfigured: okta.configured,
      wake: okta.wake,
      connection: okta.connection,
      checkConnection: okta.checkConnection,
      sweepIntervalMs: okta.sweeper ? (deps.okta?.sweep?.intervalMs ?? config.okta?.sweepIntervalMs ?? null) : null,
      now,
    });
    await app.register(launchRoutes, { db, repo, authenticate });
    await app.register(auditRoutes, { db, authenticate });
    await app.register(unlinkOktaRoute, { db, repo, authenticate, now });
    await app.register(setRoleRoute, { db, repo, authenticate, now });
    await app.register(teamRoleRoute, { db, repo, authenticate, now });
    await app.register(eraseRoute, { db, repo, authenticate, now });
    await app.register(orphanRoutes, { db, repo, authenticate, now });
    registerLogoCleanup(repo);
    await app.register(logoRoutes, { db, authenticate, wake: okta.wake });
    await app.register(allAccessRoute, { db, repo, authenticate, now });
    await app.register(meRoute, { authenticate });
    app.addHook('onListen', async () => okta.start());

    let closed = false;
    return {
      ...context,
      app,
      metrics,
      sweeper: okta.sweeper,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await okta.close();
        await feed.stop();
        await db.close();
      },
    };
  } catch (err) {
    if (deps.db === undefined) await db.close().catch(() => undefined);
    throw err;
  }
}
