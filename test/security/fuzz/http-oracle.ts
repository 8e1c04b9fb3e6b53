/**
 * What must hold for every request the fuzz suite sends, whatever it contains: an answer (no
 * reset, no hang), never a 5xx, an error body in the interface's documented shape, and a refused
 * request leaves the store exactly as it was (records, write sequence, audit log, …).
 */
import { z } from 'zod';
import { SCIM_ERROR_SCHEMA } from '../../../domain/scim-schemas';
import type { Queryable } from '../../../sync-server/store/db';
import { type Fingerprint, fingerprint } from '../support/store-fingerprint';

export interface FuzzRequest {
  method: string;
  /** Path and query as sent; may hold anything a client can put in a URL. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;

/** RFC 7644 §3.12. */
export const ScimErrorShape = z.strictObject({
  schemas: z.tuple([z.literal(SCIM_ERROR_SCHEMA)]),
  status: z.string().regex(/^[45]\d\d$/),
  scimType: z.enum(SCIM_TYPES).optional(),
  detail: z.string().min(1),
});

/** The sync API's `{ error: { code, message } }`. */
export const ApiErrorShape = z.strictObject({
  error: z.strictObject({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(1) }),
});

export class FuzzViolation extends Error {
  override name = 'FuzzViolation';
}

const REQUEST_TIMEOUT_MS = 20_000;

export async function send(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw new FuzzViolation(
      timedOut
        ? `no answer within ${REQUEST_TIMEOUT_MS} ms (hang)`
        : `no answer: ${describeCause(cause)} (connection reset or server gone)`,
      { cause },
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  return inner instanceof Error ? `${cause.message}: ${inner.message}` : cause.message;
}

export interface OracleOptions {
  db: Queryable;
  /** The documented error body for this request; null where the answer is a page (HTML). */
  errorShape(request: FuzzRequest): z.ZodType | null;
  /**
   * Which parts of the store this answer may have changed. A refused request (4xx) may change
   * nothing unless the interface documents otherwise (a refused launch is audited).
   */
  mayWrite(answer: FuzzAnswer, request: FuzzRequest): ReadonlySet<keyof Fingerprint> | 'anything';
}

/** Sends `request` and checks every invariant; throws `FuzzViolation` naming the broken one. */
export async function sendChecked(baseUrl: string, request: FuzzRequest, opts: OracleOptions): Promise<FuzzAnswer> {
  const before = await fingerprint(opts.db);
  const answer = await send(baseUrl, request);
  if (answer.status >= 500 && !isDocumentedUnavailable(answer)) {
    throw new FuzzViolation(`answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  // HEAD answers carry the headers of a GET and no body.
  const shape = opts.errorShape(request);
  if (answer.status >= 400 && request.method !== 'HEAD' && shape !== null) {
    const shaped = shape.safeParse(answer.json);
    if (!shaped.success) {
      throw new FuzzViolation(
        `error body of a ${answer.status} is not the documented shape: ${answer.text.slice(0, 300)}`,
      );
    }
  }
  const allowed = opts.mayWrite(answer, request);
  if (allowed !== 'anything') {
    const after = await fingerprint(opts.db);
    const changed = (Object.keys(before) as (keyof Fingerprint)[]).filter(
      (key) => before[key] !== after[key] && !allowed.has(key),
    );
    if (changed.length > 0) {
      throw new FuzzViolation(`a ${answer.status} answer changed the store: ${changed.join(', ')}`);
    }
  }
  return answer;
}

/**
 * The one 5xx the API documents as an answer rather than a failure: the Okta commands of a server
 * started without an Okta org say 503 `okta_not_configured` (the service they need is not there).
 */
function isDocumentedUnavailable(answer: FuzzAnswer): boolean {
  return (
    answer.status === 503 && (answer.json as { error?: { code?: unknown } })?.error?.code === 'okta_not_configured'
  );
}

export const NOTHING: ReadonlySet<keyof Fingerprint> = new Set();

/** Object.prototype and Array.prototype as they were; compared after a run (pollution). */
export function prototypeSnapshot(): string[] {
  return [
    ...Object.getOwnPropertyNames(Object.prototype).map((k) => `Object.${k}`),
    ...Object.getOwnPropertyNames(Array.prototype).map((k) => `Array.${k}`),
  ].sort();
}
