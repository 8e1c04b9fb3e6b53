/**
 * The one rule for text that enters Latchkey (SCIM, the sync API, IPC, command lines): PostgreSQL
 * text and jsonb cannot hold a NUL character, and a UTF-16 string with an unpaired surrogate has
 * no UTF-8 form, so either would fail deep in the store (a 500) instead of at the edge (a 4xx
 * naming the field). Every zod string schema for input is built with `text` or refined with
 * `cleanText`, so the refusal names the field wherever it is.
 *
 * Also here: the object keys that walk into a JavaScript prototype (`__proto__`, `constructor`,
 * `prototype`). No Latchkey or SCIM attribute has those names, and a library that follows a path
 * or merges an object with them can change every object of the process.
 */
import { z } from 'zod';

// Without the `u` flag a regex sees UTF-16 code units, which is what an unpaired surrogate is.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const CLEAN_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export function isCleanText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** A refinement for any string schema (`z.email().check(cleanText)`). */
export const cleanText = z.refine<string>(isCleanText, { message: CLEAN_TEXT_MESSAGE });

/** A string that may enter the system: at most `max` UTF-16 units (and at least `min`), clean. */
export function text(max: number, min = 0): z.ZodString {
  const base = z.string().max(max);
  return (min > 0 ? base.min(min) : base).check(cleanText);
}

/** Keys that reach `Object.prototype` or a constructor when used as a property path. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key.trim().toLowerCase());
}

export type UnsafeStructure = { kind: 'prototype_key'; path: string } | { kind: 'too_deep'; path: string };

/**
 * Finds the first prototype key, or nesting deeper than `maxDepth`, in a parsed JSON value.
 * Iterative, so a hostile document cannot exhaust the stack while being checked.
 */
export function findUnsafeStructure(value: unknown, maxDepth: number): UnsafeStructure | null {
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop() as { node: unknown; path: string; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) return { kind: 'too_deep', path: path || 'body' };
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((item, i) => [String(i), item])
      : Object.keys(node).map((key) => [key, (node as Record<string, unknown>)[key]]);
    for (const [key, child] of entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(node) && isPrototypeKey(key)) return { kind: 'prototype_key', path: childPath };
      stack.push({ node: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
