/**
 * The Okta calls the reconciler makes, on the official `@okta/okta-sdk-nodejs` Apps API.
 *
 * Configuration is passed explicitly (org URL and SSWS token, or an OAuth 2.0 service app with
 * `private_key_jwt`) because the SDK otherwise also reads `~/.okta/okta.yaml` and `OKTA_*`
 * variables. The SDK's response cache is off (`cacheMiddleware: null`): reading an app's
 * assignments must see Okta now, not a cached page. Its retrying executor is replaced by
 * `GovernedExecutor` (rate-limit pacing and our retry rules).
 *
 * Only labels, launch URLs and Okta user ids are sent: never a password, TOTP secret or
 * token (extended-account-access.md: "No sensitive data is shared with Okta"). The API token
 * lives only in this server's configuration.
 */
import type okta from '@okta/okta-sdk-nodejs';
import type { BackoffPolicy } from '../../domain/backoff';
import type { ActualApp } from '../../domain/okta-plan';
import { GovernedExecutor, TokenRequestRefused } from './governed-executor';
import { driftCalls, type OktaDriftCalls } from './okta-drift-calls';
import { loadOktaSdk } from './okta-sdk';
import type { RateGovernor } from './rate-governor';

export type OktaAuth =
  | { kind: 'ssws'; token: string }
  | { kind: 'privateKey'; clientId: string; privateKey: string; keyId?: string; scopes?: string[] };

export interface OktaClientConfig {
  orgUrl: string;
  auth: OktaAuth;
  governor: RateGovernor;
  onAttempt?: ConstructorParameters<typeof GovernedExecutor>[0]['onAttempt'];
  /** Backoff between attempts of one call after a 5xx or a dropped connection (default DEFAULT_CALL_BACKOFF). */
  backoff?: BackoffPolicy;
  /** Attempts per call and the timeout of each (the connection check answers a person: fewer, shorter). */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Told of every 401/403 Okta answers (the connection check looks again at once). */
  onRefused?: (err: OktaCallError) => void;
}

export type AppRead = Omit<ActualApp, 'assigneeOktaUserIds'>;

export interface OktaApps extends OktaDriftCalls {
  /** null when Okta has no such app (404). */
  getApp(appId: string): Promise<AppRead | null>;
  /** Bookmark apps whose launch URL is `url` (orphans from an interrupted create). */
  findAppsByUrl(url: string, labelHint: string): Promise<AppRead[]>;
  listAssignees(appId: string): Promise<string[]>;
  createBookmarkApp(label: string, url: string): Promise<string>;
  replaceApp(appId: string, label: string, url: string): Promise<void>;
  activateApp(appId: string): Promise<void>;
  deactivateApp(appId: string): Promise<void>;
  deleteApp(appId: string): Promise<void>;
  assignUser(appId: string, oktaUserId: string): Promise<void>;
  unassignUser(appId: string, oktaUserId: string): Promise<void>;
  /**
   * One authenticated call, `GET /api/v1/apps?limit=1`: the cheapest the reconciler's own scope
   * (`okta.apps.read`) allows, so success proves the URL, the credential and the scope at once.
   */
  probe(): Promise<void>;
  /** `POST /api/v1/apps/{appId}/logo` (multipart, field `file`): replaces the app's logo. */
  uploadLogo(appId: string, logo: { mediaType: 'image/png' | 'image/svg+xml'; bytes: Buffer }): Promise<void>;
  close(): void;
}

/** An Okta call that failed; `status` is the HTTP status or 0 for a transport failure. */
export class OktaCallError extends Error {
  override name = 'OktaCallError';
  constructor(
    message: string,
    readonly code: 'not_found' | 'rate_limited' | 'server_error' | 'transport' | 'rejected' | 'unauthorized',
    readonly status: number,
    readonly oktaErrorCode: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function toOktaCallError(what: string, err: unknown): OktaCallError {
  if (err instanceof OktaCallError) return err;
  if (err instanceof TokenRequestRefused) {
    return new OktaCallError(`${what}: ${err.message}`, 'unauthorized', err.status, err.error, { cause: err });
  }
  const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 0;
  const oktaCode = (err as { errorCode?: unknown })?.errorCode;
  const summary = (err as { errorSummary?: unknown })?.errorSummary;
  const code =
    status === 0
      ? 'transport'
      : status === 404
        ? 'not_found'
        : status === 429
          ? 'rate_limited'
          : status === 401 || (status === 403 && oktaCode === 'E0000006')
            ? 'unauthorized'
            : status >= 500
              ? 'server_error'
              : 'rejected';
  const detail =
    typeof summary === 'string' && summary !== '' ? summary : err instanceof Error ? err.message : String(err);
  return new OktaCallError(`${what}: ${detail}`, code, status, typeof oktaCode === 'string' ? oktaCode : null, {
    cause: err,
  });
}

interface RawApp {
  id?: string;
  label?: string;
  status?: string;
  name?: string;
  settings?: { app?: { url?: string } };
}

function toAppRead(app: RawApp): AppRead {
  return {
    appId: String(app.id),
    label: String(app.label ?? ''),
    url: String(app.settings?.app?.url ?? ''),
    status: app.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
  };
}

function bookmark(label: string, url: string) {
  return {
    name: 'bookmark',
    label,
    signOnMode: 'BOOKMARK',
    settings: { app: { url, requestIntegration: false } },
  } as unknown as okta.Application;
}

export function createOktaApps(config: OktaClientConfig): OktaApps {
  const executor = new GovernedExecutor({
    governor: config.governor,
    ...(config.onAttempt ? { onAttempt: config.onAttempt } : {}),
    ...(config.backoff ? { backoff: config.backoff } : {}),
    ...(config.maxAttempts ? { maxAttempts: config.maxAttempts } : {}),
    ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
  });
  const auth =
    config.auth.kind === 'ssws'
      ? // Explicit mode too: the SDK applies ~/.okta/okta.yaml and OKTA_* before this config.
        { authorizationMode: 'SSWS', token: config.auth.token }
      : {
          authorizationMode: 'PrivateKey',
          clientId: config.auth.clientId,
          privateKey: config.auth.privateKey,
          ...(config.auth.keyId ? { keyId: config.auth.keyId } : {}),
          scopes: config.auth.scopes ?? ['okta.apps.read', 'okta.apps.manage'],
        };
  // The SDK's client is made on the first call (okta-sdk.ts says why it loads late).
  let appsApi: okta.Client['applicationApi'] | undefined;
  const applications = async () => {
    const sdk = await loadOktaSdk();
    appsApi ??= new sdk.Client({ orgUrl: config.orgUrl, ...auth, requestExecutor: executor, cacheMiddleware: null })
      .applicationApi;
    return appsApi;
  };

  const refusal = (e: OktaCallError): OktaCallError => {
    if (e.status === 401 || e.status === 403 || e.code === 'unauthorized') config.onRefused?.(e);
    return e;
  };
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw refusal(toOktaCallError(what, err));
    }
  };

  return {
    async getApp(appId) {
      try {
        return toAppRead((await (await applications()).getApplication({ appId })) as RawApp);
      } catch (err) {
        const e = toOktaCallError(`read app ${appId}`, err);
        if (e.code === 'not_found') return null;
        throw refusal(e);
      }
    },
    findAppsByUrl: (url, labelHint) =>
      call('find apps by launch URL', async () => {
        const found: AppRead[] = [];
        // `q` matches the start of a name or label (Apps API, List all applications). A search
        // reads an eventually consistent index that a just-created app may not have reached, and
        // the label may have been changed in Okta since: when `q` finds nothing, every app is
        // listed (no `q`, no `filter`; each page followed by its `next` link). This runs only
        // after an interrupted create. `includeNonDeleted` keeps an app deactivated since in the
        // results: Okta's reference makes non-active apps opt-in for this list.
        for (const params of [{ q: labelHint }, {}]) {
          for await (const app of await (await applications()).listApplications({
            ...params,
            includeNonDeleted: true,
            limit: 200,
          })) {
            const read = toAppRead(app as RawApp);
            if (read.url === url) found.push(read);
          }
          if (found.length > 0) break;
        }
        return found;
      }),
    listAssignees: (appId) =>
      call(`list assignments of app ${appId}`, async () => {
        const ids: string[] = [];
        for await (const appUser of await (await applications()).listApplicationUsers({ appId, limit: 500 })) {
          const id = (appUser as { id?: string } | null)?.id;
          if (id) ids.push(id);
        }
        return ids;
      }),
    createBookmarkApp: (label, url) =>
      call('create app', async () => {
        const app = (await (
          await applications()
        ).createApplication({ application: bookmark(label, url), activate: true })) as RawApp;
        if (!app.id) throw new Error('Okta returned an app without an id');
        return app.id;
      }),
    replaceApp: (appId, label, url) =>
      call(`relabel app ${appId}`, async () => {
        await (await applications()).replaceApplication({ appId, application: bookmark(label, url) });
      }),
    activateApp: (appId) =>
      call(`activate app ${appId}`, async () => (await applications()).activateApplication({ appId })),
    deactivateApp: (appId) =>
      call(`deactivate app ${appId}`, async () => (await applications()).deactivateApplication({ appId })),
    deleteApp: (appId) => call(`delete app ${appId}`, async () => (await applications()).deleteApplication({ appId })),
    assignUser: (appId, oktaUserId) =>
      call(`assign ${oktaUserId} to app ${appId}`, async () => {
        await (await applications()).assignUserToApplication({
          appId,
          appUser: { id: oktaUserId } as okta.AppUserAssignRequest,
        });
      }),
    unassignUser: (appId, oktaUserId) =>
      call(`unassign ${oktaUserId} from app ${appId}`, async () =>
        (await applications()).unassignUserFromApplication({ appId, userId: oktaUserId }),
      ),
    uploadLogo: (appId, logo) =>
      call(`upload the logo of app ${appId}`, async () => {
        // The part's name carries the type: form-data derives the part's Content-Type from it.
        const name = logo.mediaType === 'image/png' ? 'logo.png' : 'logo.svg';
        await (await applications()).uploadApplicationLogo({ appId, file: { data: logo.bytes, name } });
      }),
    probe: () =>
      call('check the connection', async () => {
        // One page of one app: the first page is the only request made.
        await (await (await applications()).listApplications({ limit: 1 })).next();
      }),
    ...driftCalls(applications, call),
    close: () => executor.close(),
  };
}
