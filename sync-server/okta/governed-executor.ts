/**
 * The Okta SDK's request executor, replaced so that every HTTP call to Okta goes through the
 * `RateGovernor` and our retry rules instead of the SDK's `DefaultRequestExecutor` (which
 * retries a 429 at most twice and knows nothing of other calls in flight).
 *
 * Retry rules:
 * - 429: always safe to repeat (Okta did not process the call); the governor holds the next
 *   attempt until `X-Rate-Limit-Reset`.
 * - 5xx and dropped connections: repeated with backoff only for idempotent calls. Creating an
 *   app (`POST /api/v1/apps`) is not idempotent: its outcome is unknown, so the error goes to
 *   the reconciler, which looks for the app by its launch URL before creating it again.
 */
import { EventEmitter } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type okta from '@okta/okta-sdk-nodejs';
import { type BackoffPolicy, fullJitterMs } from '../../domain/backoff';
import { callContext } from './call-priority';
import { loadOktaSdk } from './okta-sdk';
import { parseRateHeaders, type RateGovernor } from './rate-governor';

/** The fields of node-fetch's request options this executor reads or sets. */
type SdkRequest = Parameters<okta.RequestExecutor['fetch']>[0] & { method?: string; timeout?: number };
type SdkResponse = Awaited<ReturnType<okta.RequestExecutor['fetch']>>;

export interface ExecutorOptions {
  governor: RateGovernor;
  /** Attempts per call, 429s included. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Observes every attempt (metrics, tests). Never receives headers or bodies. */
  onAttempt?: (e: {
    method: string;
    path: string;
    bucket: string;
    status: number | 'network-error';
    /** Another attempt of the same call follows. */
    retrying: boolean;
  }) => void;
}

/**
 * Okta's management buckets for the Apps API (developer.okta.com/docs/reference/rl-global-mgmt/):
 * explicit calls to `/api/v1/apps/{id}` are one bucket; `/api/v1/apps` and every other
 * `/api/v1/apps/*` path (assignments, lifecycle) share another.
 */
export function bucketOf(method: string, path: string): string {
  if (/^\/api\/v1\/apps\/[^/]+$/.test(path)) return 'apps/{id}';
  if (path === '/api/v1/apps' || path.startsWith('/api/v1/apps/')) return 'apps*';
  if (path.startsWith('/api/v1/users')) return `users:${method === 'GET' ? 'read' : 'write'}`;
  return 'api/v1';
}

/**
 * The org authorization server refused the service app's token request (private_key_jwt):
 * a wrong key or client id (`invalid_client`), scopes the app was not granted (`invalid_scope`).
 * Raised here because SDK 8.1 does not: its src/oauth.js calls `Http.errorFilter` on the module
 * object, which is undefined, caches the error body as a token and sends `Bearer undefined`, so the
 * admin would only ever see the Management API's "Invalid token provided".
 */
/** Between attempts of one Okta call: full jitter, as many accounts' calls may fail at once. */
export const DEFAULT_CALL_BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 60_000 };

export class TokenRequestRefused extends Error {
  override name = 'TokenRequestRefused';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`Okta refused the service app's token request (${error}): ${description || 'no description'}`);
  }
}

const TOKEN_PATH = '/oauth2/v1/token';

/** The OAuth error of a refused token request; null for DPoP's nonce challenge, which the SDK answers. */
async function tokenRefusal(response: SdkResponse): Promise<TokenRequestRefused | null> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: unknown; error_description?: unknown } | null;
  const error = typeof body?.error === 'string' ? body.error : 'unknown_error';
  if (error === 'use_dpop_nonce') return null;
  const description = typeof body?.error_description === 'string' ? body.error_description : '';
  return new TokenRequestRefused(response.status, error, description);
}

/** The `form-data` stream the SDK builds for a multipart body (an app logo upload). */
interface MultipartBody {
  getBuffer(): Buffer;
  getBoundary(): string;
}
const isMultipart = (body: unknown): body is MultipartBody =>
  typeof (body as Partial<MultipartBody> | null)?.getBuffer === 'function' &&
  typeof (body as Partial<MultipartBody> | null)?.getBoundary === 'function';

/**
 * A multipart body is a stream: read once, a retry after a 429 would send nothing. Its parts are
 * buffers already (a logo of at most 100 KB), so it is turned into one buffer that every attempt
 * can send, with the content type that names its boundary.
 */
function bufferMultipart(request: SdkRequest): void {
  const r = request as SdkRequest & { body?: unknown; headers?: Record<string, string> };
  if (!isMultipart(r.body)) return;
  const form = r.body;
  r.headers = { ...r.headers, 'Content-Type': `multipart/form-data; boundary=${form.getBoundary()}` };
  r.body = form.getBuffer();
}

export function isIdempotent(method: string, path: string): boolean {
  return !(method === 'POST' && path === '/api/v1/apps');
}

/**
 * What the SDK's client asks of its executor is `fetch`; each attempt is sent by the SDK's own
 * plain executor (node-fetch, no retries), created once the SDK is loaded (okta-sdk.ts).
 */
export class GovernedExecutor extends EventEmitter implements okta.RequestExecutor {
  private plain: okta.RequestExecutor | undefined;
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: ExecutorOptions) {
    super();
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.backoff = opts.backoff ?? DEFAULT_CALL_BACKOFF;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
  }

  private async send(request: SdkRequest): Promise<SdkResponse> {
    const sdk = await loadOktaSdk();
    this.plain ??= new sdk.RequestExecutor();
    return this.plain.fetch(request);
  }

  async fetch(request: SdkRequest): Promise<SdkResponse> {
    const url = new URL(request.url ?? '');
    const method = (request.method ?? 'GET').toUpperCase();
    const idempotent = isIdempotent(method, url.pathname);
    const bucket = bucketOf(method, url.pathname);
    request.agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    request.timeout = this.opts.requestTimeoutMs ?? 30_000;
    bufferMultipart(request);

    for (let attempt = 1; ; attempt++) {
      const context = callContext();
      const release = await this.opts.governor.acquire(bucket, context.priority);
      context.onCall?.();
      let response: SdkResponse;
      try {
        response = await this.send(request);
      } catch (err) {
        release(null, 0);
        const retrying = idempotent && attempt < this.maxAttempts;
        this.opts.onAttempt?.({ method, path: url.pathname, bucket, status: 'network-error', retrying });
        if (!retrying) throw err;
        await this.sleep(fullJitterMs(attempt, this.backoff, this.random));
        continue;
      }
      const headers = parseRateHeaders((name) => response.headers.get(name));
      release(headers, response.status);
      const retryable = response.status === 429 || (response.status >= 500 && idempotent);
      const retrying = retryable && attempt < this.maxAttempts;
      this.opts.onAttempt?.({ method, path: url.pathname, bucket, status: response.status, retrying });
      if (!retrying) {
        // Only a refusal (4xx) is about the app's credentials; a 5xx stays a server error for the SDK.
        const refused =
          url.pathname === TOKEN_PATH && response.status >= 400 && response.status < 500
            ? await tokenRefusal(response)
            : null;
        if (refused) throw refused;
        return response;
      }
      await response.text().catch(() => undefined);
      // A 429 with rate headers waits in `acquire` until the bucket resets; the rest back off.
      if (response.status !== 429 || headers === null)
        await this.sleep(fullJitterMs(attempt, this.backoff, this.random));
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
