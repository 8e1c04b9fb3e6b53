/**
 * How long the fuzz suite runs and from which seed. Under `npm test` it is a fixed seed and a
 * fixed number of requests per interface, so a run is reproducible and stays under a minute;
 * `npm run fuzz -- --minutes N` sets LATCHKEY_FUZZ_MINUTES and a random LATCHKEY_FUZZ_SEED.
 * A failure prints fast-check's seed and path: LATCHKEY_FUZZ_SEED / LATCHKEY_FUZZ_PATH replay it.
 */
import type fc from 'fast-check';

export const DEFAULT_SEED = 20261205;

export interface FuzzBudget {
  seed: number;
  /** Requests per interface under `npm test`; unbounded (time-limited) in a long run. */
  numRuns: number;
  /** Wall-clock limit per interface in a long run; undefined under `npm test`. */
  timeLimitMs: number | undefined;
  path: string | undefined;
}

/** `share` is this interface's part of a long run's minutes (the interfaces run in parallel pairs). */
export function fuzzBudget(defaultRuns: number, share = 0.5): FuzzBudget {
  const minutes = Number(process.env.LATCHKEY_FUZZ_MINUTES ?? '0');
  const seed = Number(process.env.LATCHKEY_FUZZ_SEED ?? DEFAULT_SEED);
  const long = Number.isFinite(minutes) && minutes > 0;
  return {
    seed: Number.isFinite(seed) ? seed : DEFAULT_SEED,
    numRuns: long ? Number.MAX_SAFE_INTEGER : defaultRuns,
    timeLimitMs: long ? Math.round(minutes * 60_000 * share) : undefined,
    path: process.env.LATCHKEY_FUZZ_PATH || undefined,
  };
}

/** fast-check parameters for a budget: interrupted runs still count as passes when time is up. */
export function assertParameters<T>(budget: FuzzBudget): fc.Parameters<T> {
  return {
    seed: budget.seed,
    numRuns: budget.numRuns,
    ...(budget.path ? { path: budget.path } : {}),
    ...(budget.timeLimitMs ? { interruptAfterTimeLimit: budget.timeLimitMs, markInterruptAsFailure: false } : {}),
    verbose: 0,
  };
}

/** The test timeout that fits a budget, with room for start-up and the probes after it. */
export function testTimeoutFor(budget: FuzzBudget, underNpmTestMs: number): number {
  return (budget.timeLimitMs ?? underNpmTestMs) + 120_000;
}
