import { setTimeout as delay } from 'node:timers/promises';

export interface ScimTarget {
  baseUrl: string;
  /** Bearer token Okta stores for the app integration ("API Token" on the Provisioning tab). */
  token: string;
}

export interface ScimResponse {
  status: number;
  body: unknown;
  attempts: number;
}

export class ScimTransportError extends Error {
  readonly code = 'SCIM_TRANSPORT';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ScimTransportError';
  }
}

export interface ScimHttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  maxAttempts: number;
}

const DEFAULT_DEPS: ScimHttpDeps = { fetch: (...a) => fetch(...a), sleep: (ms) => delay(ms), maxAttempts: 5 };

/**
 * One SCIM request as Okta's provisioning agent sends it: `application/scim+json`, bearer token,
 * and on 429 a wait of `Retry-After` seconds (an integer, RFC 9110 §10.2.3) before trying again
 * (developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/ — rate limiting).
 * Other statuses are returned to the caller, which records the task outcome.
 */
export async function scimRequest(
  target: ScimTarget,
  method: string,
  pathAndQuery: string,
  body: unknown,
  deps: Partial<ScimHttpDeps> = {},
): Promise<ScimResponse> {
  const d = { ...DEFAULT_DEPS, ...deps };
  const url = `${target.baseUrl.replace(/\/+$/, '')}${pathAndQuery}`;
  for (let attempt = 1; ; attempt += 1) {
    let res: Response;
    try {
      res = await d.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${target.token}`,
          accept: 'application/scim+json',
          'user-agent': 'Okta SCIM Client 1.0.0',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ScimTransportError(`${method} ${pathAndQuery} failed to connect`, { cause });
    }
    const text = await res.text();
    if (res.status === 429 && attempt < d.maxAttempts) {
      const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '1', 10);
      await d.sleep((Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1) * 1000);
      continue;
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Keep the raw text: a failed task shows what the server said.
    }
    return { status: res.status, body: parsed, attempts: attempt };
  }
}
