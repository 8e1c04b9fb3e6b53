import { oktaErrors } from './errors';

/**
 * The subset of Okta's `filter` expressions the simulator understands: `attr eq "value"` clauses
 * joined by `and` (developer.okta.com/docs/api/#filter). Anything else is refused with E0000031,
 * so a client relying on an unsupported operator notices at once.
 */
export type Clause = { attr: string; value: string };

export function parseFilter(filter: string, allowed: readonly string[]): Clause[] {
  if (filter.trim() === '') return [];
  const parts = filter.split(/\s+and\s+/i);
  return parts.map((part) => {
    const m = /^\s*([A-Za-z.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(part);
    if (!m?.[1] || m[2] === undefined) throw oktaErrors.invalidSearch(`unsupported filter: ${part.trim()}`);
    if (!allowed.includes(m[1])) throw oktaErrors.invalidSearch(`unsupported filter attribute: ${m[1]}`);
    return { attr: m[1], value: m[2].replace(/\\(.)/g, '$1') };
  });
}

export function matchesAll<T>(
  item: T,
  clauses: Clause[],
  read: (item: T, attr: string) => string | undefined,
): boolean {
  return clauses.every((c) => read(item, c.attr) === c.value);
}
