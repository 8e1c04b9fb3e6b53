export interface FaultConfig {
  /** Added before every Management API answer. */
  latencyMs: number;
  /** Share (0–1) of requests answered with a 5xx. */
  errorRate: number;
  /** The next N requests get 429 E0000047 whatever the buckets say. */
  burst429: number;
  /** Share (0–1) of requests whose connection is destroyed without an answer. */
  dropRate: number;
}

export type FaultDecision = { kind: 'drop' } | { kind: 'error' } | { kind: 'rateLimit' } | { kind: 'none' };

const NONE: FaultConfig = { latencyMs: 0, errorRate: 0, burst429: 0, dropRate: 0 };

/** Injectable faults for resilience tests; `random` is injectable so tests can be exact. */
export class Faults {
  #config: FaultConfig = { ...NONE };

  constructor(private readonly random: () => number = Math.random) {}

  set(f: Partial<FaultConfig>): void {
    this.#config = { ...this.#config, ...f };
  }

  clear(): void {
    this.#config = { ...NONE };
  }

  get latencyMs(): number {
    return this.#config.latencyMs;
  }

  /** Decide this request's fault; a 429 burst is consumed one request at a time. */
  next(): FaultDecision {
    const c = this.#config;
    if (c.dropRate > 0 && this.random() < c.dropRate) return { kind: 'drop' };
    if (c.burst429 > 0) {
      c.burst429 -= 1;
      return { kind: 'rateLimit' };
    }
    if (c.errorRate > 0 && this.random() < c.errorRate) return { kind: 'error' };
    return { kind: 'none' };
  }
}
