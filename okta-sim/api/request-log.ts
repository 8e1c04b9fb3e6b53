import type { BucketName } from './rate-limit';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the simulator dropped the connection instead of answering. */
  status: number;
  /**
   * A subset; `authorization` is reduced to its scheme (`Bearer`, `DPoP`, `SSWS`) and a `dpop`
   * proof to a marker, so neither tokens nor proofs reach the log.
   */
  headers: Record<string, string>;
  body: unknown;
  bucket: BucketName;
  at: string;
}

export interface Counters {
  total: number;
  byBucket: Record<string, number>;
  rateLimited: number;
}

const KEPT_HEADERS = ['content-type', 'accept', 'user-agent', 'x-okta-retry-count', 'x-okta-retry-for'];

export function keptHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = raw[name];
    if (typeof v === 'string') out[name] = v;
  }
  const auth = raw.authorization;
  if (typeof auth === 'string') out.authorization = `${auth.split(' ')[0] ?? ''} [redacted]`;
  // Kept as a marker: whether a proof came is worth seeing; the proof itself is a credential.
  if (raw.dpop !== undefined) out.dpop = '[redacted]';
  return out;
}

/** What the Management API saw, for tests and benchmarks to read. Bounded so long runs stay small. */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];
  #counters: Counters = { total: 0, byBucket: {}, rateLimited: 0 };

  constructor(private readonly cap = 10_000) {}

  add(entry: LoggedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.cap) this.#entries.shift();
    this.#counters.total += 1;
    this.#counters.byBucket[entry.bucket] = (this.#counters.byBucket[entry.bucket] ?? 0) + 1;
    if (entry.status === 429) this.#counters.rateLimited += 1;
  }

  entries(): LoggedRequest[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  counters(): Counters {
    return { ...this.#counters, byBucket: { ...this.#counters.byBucket } };
  }

  clear(): void {
    this.#entries.length = 0;
    this.#counters = { total: 0, byBucket: {}, rateLimited: 0 };
  }
}
