/**
 * Whole Management API exchanges — the request as sent and the answer as sent back, error bodies
 * included — for checking both sides against Okta's published OpenAPI description. The request
 * log keeps only what tests assert on and never holds response bodies; this is a stream, so a
 * long benchmark can check every exchange without keeping any of them.
 */
export interface RecordedExchange {
  request: {
    method: string;
    /** Path without the query, e.g. `/api/v1/apps/0oa…/users`. */
    path: string;
    /** Query parameters as received (the last value wins for a repeated name, as Okta reads them). */
    query: Record<string, string>;
    /** Lower-case names; `authorization` and `dpop` reduced to markers, as in the request log. */
    headers: Record<string, string>;
    /** Parsed JSON body, undefined when none was sent. */
    body: unknown;
    /**
     * False when the gate answered (401, 429, an injected 5xx) before the body was read: `body`
     * is then unknown, not absent.
     */
    bodyRead: boolean;
  };
  response: {
    status: number;
    /** Lower-case names. */
    headers: Record<string, string>;
    /** Parsed JSON body, undefined for an empty one (204). */
    body: unknown;
  };
}

export type ExchangeListener = (exchange: RecordedExchange) => void;

export class ExchangeLog {
  readonly #listeners = new Set<ExchangeListener>();

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Calls `listener` with every exchange answered from now on; returns the unsubscribe function. */
  subscribe(listener: ExchangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(exchange: RecordedExchange): void {
    for (const listener of this.#listeners) listener(exchange);
  }
}

/** A JSON payload as the client will read it; anything else (HTML, empty) as undefined or text. */
export function parsePayload(payload: unknown): unknown {
  if (payload === undefined || payload === null || payload === '') return undefined;
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function flatHeaders(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (typeof v === 'number') out[k.toLowerCase()] = String(v);
    else if (Array.isArray(v)) out[k.toLowerCase()] = v.join(', ');
  }
  return out;
}
