import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { DESKTOP_CLIENT_ID } from '../domain/desktop-client';
import { createAdmin, type SimAdmin } from './admin';
import { type ExchangeListener, ExchangeLog } from './api/exchange-log';
import { type FaultConfig, Faults } from './api/faults';
import { registerManagementApi } from './api/plugin';
import { DEFAULT_CONCURRENCY_LIMIT, DEFAULT_RATE_LIMITS, type RateLimitConfig, RateLimiter } from './api/rate-limit';
import { type Counters, type LoggedRequest, RequestLog } from './api/request-log';
import { registerServiceAppTokenEndpoint, type ServiceApp, ServiceApps } from './api/service-apps';
import { DASHBOARD_CALLBACK, DASHBOARD_CLIENT_ID, registerMyApps } from './dashboard/my-apps';
import { registerDemoApp } from './demo-app/routes';
import { mintAccessToken } from './oidc/access-token';
import { createSigningKey } from './oidc/keys';
import { AUTH_SERVER_PATH, createProvider } from './oidc/provider';
import { registerSignInRoutes } from './oidc/sign-in-routes';
import { OrgActions } from './org-actions';
import { Provisioner } from './scim/provisioner';
import type { ScimHttpDeps, ScimTarget } from './scim/scim-http';
import type { ProvisioningTask } from './scim/tasks';
import { SimSeed } from './seed';
import { createSimServer } from './server';
import { registerSimRoutes } from './sim-routes';
import { Directory } from './state/directory';
import type { SimApp } from './state/records';

export type { NewUser, SimAdmin } from './admin';
export type { ExchangeListener, RecordedExchange } from './api/exchange-log';
export type { FaultConfig } from './api/faults';
export type { BucketName, RateLimitConfig } from './api/rate-limit';
export type { Counters, LoggedRequest } from './api/request-log';
export type { ServiceApp } from './api/service-apps';
export type { ProvisioningTask } from './scim/tasks';
export type { SimSeed } from './seed';
export type { Directory } from './state/directory';
export type { SimApp, SimGroup, SimUser } from './state/records';

export interface StartOktaSimOptions {
  /** 0 = ephemeral (tests always use 0). */
  port?: number;
  /** SSWS token for the Management API; random when omitted, exposed as `apiToken`. */
  apiToken?: string;
  seed?: SimSeed;
  /** Access-token audience, default `api://latchkey`. */
  audience?: string;
  /** The desktop's native OIDC client, default `latchkey-desktop`. */
  clientId?: string;
  rateLimits?: Partial<RateLimitConfig>;
  /** Concurrent Management API requests allowed before 429 (Okta: 75 per org). */
  concurrencyLimit?: number;
  /** Where the "Latchkey" app integration provisions users and groups (SCIM 2.0). */
  scim?: ScimTarget;
  /** Transport for the SCIM client (tests may shorten Retry-After waits). */
  scimDeps?: Partial<ScimHttpDeps>;
  now?: () => Date;
  /** Randomness behind the fault rates; inject for exact tests. */
  random?: () => number;
  /** Log warnings and unexpected errors (request handling, provisioning) to stdout as JSON. */
  log?: boolean;
  /**
   * Eventually consistent search: apps created from now on stay out of `q` / `filter` results
   * for `ms` on the `now` clock (milliseconds; default the real clock). Give tests their own
   * clock so they decide when the index catches up instead of sleeping. Default off.
   */
  searchLag?: { ms: number; now?: () => number };
  /**
   * API service apps that may call the Management API with `private_key_jwt` + tokens from
   * `POST /oauth2/v1/token`: Bearer tokens, or DPoP-bound ones for apps with `requireDpop`.
   */
  serviceApps?: ServiceApp[];
}

export interface OktaSim {
  url: string;
  issuer: string;
  apiToken: string;
  clientId: string;
  audience: string;
  /** Id of the "Latchkey" app integration (`0oa…`); assigning users or groups to it provisions them. */
  latchkeyAppId: string;
  /** The org's state, for assertions in tests. */
  directory: Directory;
  /** Test/bench helper: an access token signed by the provider's real key, as the token endpoint would mint. */
  issueAccessToken(userId: string, opts?: { audience?: string; expiresInSeconds?: number }): Promise<string>;
  /** Management API requests as received (tokens redacted), oldest first. */
  requests(): LoggedRequest[];
  counters(): Counters;
  /** Forget logged requests and counters (rate-limit windows are kept). */
  resetLog(): void;
  /**
   * Every Management API exchange from now on (request and answer, bodies included), for checks
   * against Okta's OpenAPI description. Returns the unsubscribe function.
   */
  onExchange(listener: ExchangeListener): () => void;
  /** Adds an API service app, or replaces its public keys and granted scopes. */
  registerServiceApp(app: ServiceApp): void;
  /** Test helper: every access token issued to the service app stops working, as after its hour. */
  expireServiceAppTokens(clientId: string): void;
  faults: { set(f: Partial<FaultConfig>): void; clear(): void };
  admin: SimAdmin;
  /** Okta's Tasks page for the SCIM integration, and a way to wait for it to drain. */
  provisioning: { tasks(): ProvisioningTask[]; idle(): Promise<void>; scimIdOf(userId: string): string | undefined };
  /**
   * Test helper: an Okta outage as clients see it. `begin` stops listening (new connections are
   * refused, open ones dropped); `end` listens again on the same port with every grant, session
   * and key kept, as Okta is the same org after an outage. End an outage before `close`.
   */
  outage: { begin(): Promise<void>; end(): Promise<void> };
  close(): Promise<void>;
}

export async function startOktaSim(opts: StartOktaSimOptions = {}): Promise<OktaSim> {
  const now = opts.now ?? (() => new Date());
  const seed = SimSeed.parse(opts.seed ?? {});
  const directory = Directory.fromSeed(seed, now);
  if (opts.searchLag) directory.searchLag = { ms: opts.searchLag.ms, now: opts.searchLag.now ?? (() => Date.now()) };
  const audience = opts.audience ?? 'api://latchkey';
  const clientId = opts.clientId ?? DESKTOP_CLIENT_ID;
  const apiToken = opts.apiToken ?? randomBytes(21).toString('base64url');
  const key = await createSigningKey();
  const log = new RequestLog();
  const exchanges = new ExchangeLog();
  const faults = new Faults(opts.random);
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }, () => now().getTime());
  const serviceApps = new ServiceApps(now);
  for (const serviceApp of opts.serviceApps ?? []) serviceApps.register(serviceApp);

  // The app integration Okta provisions from; hidden from the dashboard (it has no bookmark URL).
  // An OIDC app's key name is `oidc_client` (OpenIdConnectApplication in Okta's spec); its client
  // is the desktop's native one.
  const latchkeyApp: SimApp = directory.addApp({
    ...(seed.latchkeyAppId ? { id: seed.latchkeyAppId } : {}),
    name: 'oidc_client',
    label: 'Latchkey',
    signOnMode: 'OPENID_CONNECT',
    url: null,
    hiddenOnWeb: true,
    oauthClientId: clientId,
  });
  const app = createSimServer(() => oidcHandler, opts.log ?? false);
  const provisioner = new Provisioner(
    directory,
    () => latchkeyApp,
    opts.scim,
    opts.scimDeps,
    now,
    (err) => app.log.error({ err }, 'unexpected failure in a provisioning task'),
  );
  const actions = new OrgActions(directory, () => provisioner);
  let baseUrl = '';
  let provider: Provider | undefined;
  let oidcHandler: ReturnType<Provider['callback']> | undefined;
  const getProvider = (): Provider => {
    if (!provider) throw new Error('OIDC provider not started');
    return provider;
  };

  registerSignInRoutes(app, getProvider, directory, audience);
  registerManagementApi(
    app,
    { actions, baseUrl: () => baseUrl },
    {
      apiToken,
      serviceApps,
      limiter,
      faults,
      log,
      exchanges,
      now,
      baseUrl: () => baseUrl,
      concurrencyLimit: opts.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT,
    },
  );
  registerServiceAppTokenEndpoint(app, serviceApps, () => baseUrl);
  registerSimRoutes(app, { apiToken, actions, provisioner });
  registerMyApps(app, getProvider, directory, () => baseUrl);
  registerDemoApp(app, seed.demoAccounts, now);

  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = url;
  const issuer = `${url}${AUTH_SERVER_PATH}`;
  // The issuer embeds the port, known only once listening; OIDC requests before this get a 404.
  provider = createProvider({
    issuer,
    audience,
    clientId,
    key,
    directory,
    dashboard: { clientId: DASHBOARD_CLIENT_ID, redirectUri: `${url}${DASHBOARD_CALLBACK}` },
  });
  oidcHandler = provider.callback();

  return {
    url,
    issuer,
    apiToken,
    clientId,
    audience,
    latchkeyAppId: latchkeyApp.id,
    directory,
    issueAccessToken: (userId, o) =>
      mintAccessToken({
        directory,
        key,
        issuer,
        clientId,
        userId,
        audience: o?.audience ?? audience,
        expiresInSeconds: o?.expiresInSeconds ?? 3600,
        now,
      }),
    requests: () => log.entries(),
    counters: () => log.counters(),
    resetLog: () => log.clear(),
    onExchange: (listener) => exchanges.subscribe(listener),
    registerServiceApp: (a) => serviceApps.register(a),
    expireServiceAppTokens: (id) => serviceApps.expireTokens(id),
    faults: { set: (f) => faults.set(f), clear: () => faults.clear() },
    admin: createAdmin(actions, provisioner, () => latchkeyApp),
    provisioning: {
      tasks: () => provisioner.tasks(),
      idle: () => provisioner.idle(),
      scimIdOf: (userId) => provisioner.scimIdOf(userId),
    },
    outage: {
      begin: () =>
        new Promise<void>((resolve) => {
          app.server.close(() => resolve());
          app.server.closeAllConnections();
        }),
      end: () =>
        new Promise<void>((resolve, reject) => {
          app.server.once('error', reject);
          app.server.listen(port, '127.0.0.1', () => {
            app.server.off('error', reject);
            resolve();
          });
        }),
    },
    close: async () => {
      await provisioner.idle();
      await app.close();
    },
  };
}
