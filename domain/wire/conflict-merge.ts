/**
 * How a replica resolves a push conflict (RxDB `conflictHandler.resolve`). The rule:
 *
 * - A REFUSED change (the server sent a `reason`) resolves to the server's state. Re-applying
 *   it would be refused again; the UI shows the reason instead.
 * - A STALE change (someone else wrote first) is merged field by field against the state both
 *   sides started from (`assumedMasterState`): a field only this replica changed keeps its
 *   value, every other field takes the server's. `labels` are merged as sets, so labels added
 *   or removed concurrently on two devices are all kept. Server-owned fields always come from
 *   the server (the server ignores them on push anyway).
 * - A deletion on either side wins over a concurrent edit of the other side's fields only
 *   when it comes from the server; a local deletion of a document the server changed is
 *   re-sent as a deletion (the owner's intent), which the server authorises as usual.
 */
import { DELETED } from './replication';

type Plain = Record<string, unknown> & { id: string };

export interface MergeInput<T extends Plain> {
  assumedMasterState?: T | undefined;
  realMasterState: T;
  newDocumentState: T;
}

const NEVER_MERGED = new Set(['updatedAt', DELETED]);

export function mergeConflict<T extends Plain>(input: MergeInput<T>, refused: boolean): T {
  const { assumedMasterState: base, realMasterState: theirs, newDocumentState: mine } = input;
  if (refused || theirs[DELETED] === true) return theirs;
  if (mine[DELETED] === true) return mine;
  if (base === undefined || base[DELETED] === true) return theirs;
  const merged: Record<string, unknown> = { ...theirs };
  for (const key of Object.keys(mine)) {
    if (NEVER_MERGED.has(key)) continue;
    if (key === 'labels' && Array.isArray(mine[key]) && Array.isArray(theirs[key])) {
      merged[key] = mergeSet(asStrings(base[key]), asStrings(mine[key]), asStrings(theirs[key]));
    } else if (!sameValue(mine[key], base[key])) {
      merged[key] = mine[key];
    }
  }
  return merged as T;
}

/** Three-way set merge: what either side added stays, what either side removed goes. */
export function mergeSet(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string[] {
  const baseSet = new Set(base);
  const mineSet = new Set(mine);
  const result = theirs.filter((v) => mineSet.has(v) || !baseSet.has(v));
  for (const v of mine) if (!baseSet.has(v) && !result.includes(v)) result.push(v);
  return result;
}

/** Structural equality of JSON values, ignoring key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ak.length === bk.length &&
    ak.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
