/**
 * SCIM filters (RFC 7644 §3.4.2.2) → a parameterised SQL condition, so a lookup such as
 * `userName eq "a@b.com"` is answered by an index instead of loading the workspace.
 *
 * Parsing is SCIMMY's (`SCIMMY.Types.Filter`), which yields the filter in disjunctive normal form:
 * an array of alternatives ("or"), each an object of attribute → comparison ("and"). This file
 * only translates that structure; it never parses filter text itself.
 */
import SCIMMY from 'scimmy';
import { Timestamp } from '../../domain/records';
import type { SqlParam } from '../store/db';
import type { SqlCondition } from '../store/directory-queries';
import { badRequest, ScimError } from './errors';

export interface FilterAttribute {
  /** SQL expression of the attribute (a column or a JSON extraction). */
  sql: string;
  type: 'string' | 'boolean' | 'datetime';
  /** RFC 7643 §2.2 `caseExact`; false compares with `lower()` on both sides (and its index). */
  caseExact: boolean;
}

/** Keys are attribute paths in lower case without schema URN: `username`, `emails.value`, `name.givenname`. */
export type AttributeMap = Readonly<Record<string, FilterAttribute>>;

type Comparison = [string, ...unknown[]];

const CORE_URN = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):/i;

/** `firstParam` is the number of the first `$n` placeholder this condition may use. */
export function filterToSql(expression: string, attributes: AttributeMap, firstParam = 1): SqlCondition {
  const params: SqlParam[] = [];
  const placeholder = (value: SqlParam): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const alternatives = parse(expression).map((conjunction) => {
    const terms: string[] = [];
    collect(conjunction, '', (path, comparison) => {
      const attribute = attributes[path.toLowerCase()];
      if (!attribute) throw badRequest('invalidFilter', `filtering on '${path}' is not supported`);
      terms.push(compare(attribute, path, comparison, placeholder));
    });
    return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' and ')})`;
  });
  if (alternatives.length === 0) throw badRequest('invalidFilter', 'the filter is empty');
  return { where: alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' or ')})`, params };
}

/**
 * `{ path, value }` when the filter is exactly one `eq` on a string (Okta's lookups), so the
 * caller can answer it with a dedicated query; null for anything else.
 */
export function exactEquality(expression: string): { path: string; value: string } | null {
  const alternatives = parse(expression);
  if (alternatives.length !== 1) return null;
  const found: { path: string; value: string }[] = [];
  let other = false;
  collect(alternatives[0] as Record<string, unknown>, '', (path, [op, value]) => {
    if (op === 'eq' && typeof value === 'string') found.push({ path: path.toLowerCase(), value });
    else other = true;
  });
  return !other && found.length === 1 ? (found[0] as { path: string; value: string }) : null;
}

function parse(expression: string): Record<string, unknown>[] {
  try {
    return [...new SCIMMY.Types.Filter(expression)] as Record<string, unknown>[];
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : 'invalid filter';
    throw new ScimError(400, `invalid filter: ${detail}`, 'invalidFilter', { cause });
  }
}

/** Walks SCIMMY's nested objects (`{ emails: { value: [...] } }`) down to each comparison. */
function collect(node: Record<string, unknown>, prefix: string, visit: (path: string, c: Comparison) => void): void {
  for (const [rawKey, value] of Object.entries(node)) {
    const path = prefix + rawKey.replace(CORE_URN, '');
    if (Array.isArray(value)) {
      // Two comparisons on one attribute ("a sw x and a ew y") arrive as an array of arrays.
      const comparisons = Array.isArray(value[0]) ? (value as Comparison[]) : [value as Comparison];
      for (const c of comparisons) visit(path, c);
    } else if (typeof value === 'object' && value !== null) {
      collect(value as Record<string, unknown>, `${path}.`, visit);
    } else {
      throw badRequest('invalidFilter', `cannot filter on '${path}'`);
    }
  }
}

function compare(
  attribute: FilterAttribute,
  path: string,
  comparison: Comparison,
  placeholder: (value: SqlParam) => string,
): string {
  const [op, value] = comparison;
  // SCIMMY rewrites "not (a or b)" as "not a or not b", which is not the same filter; refuse
  // rather than answer wrongly. Okta never sends "not".
  if (op === 'not') throw badRequest('invalidFilter', "the 'not' operator is not supported");
  if (op === 'pr')
    return attribute.type === 'string'
      ? `(${attribute.sql} is not null and ${attribute.sql} <> '')`
      : `${attribute.sql} is not null`;

  if (attribute.type === 'boolean') {
    if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne')) {
      throw badRequest('invalidFilter', `'${path}' is compared with eq or ne and true or false`);
    }
    return `${attribute.sql} ${op === 'eq' ? '=' : 'is distinct from'} ${placeholder(value)}`;
  }
  if (typeof value !== 'string') throw badRequest('invalidFilter', `'${path}' is compared with a string`);
  if (attribute.type === 'datetime') {
    // RFC 7643 §2.3.5: an xsd:dateTime with its offset. `Date.parse` would take "2026" and the
    // database would then refuse it, so the filter is checked against the one format stored.
    if (!Timestamp.safeParse(value).success) {
      throw badRequest('invalidFilter', `'${value}' is not a date-time (e.g. 2026-01-31T12:00:00Z)`);
    }
    const sqlOp = ORDERING[op];
    if (!sqlOp) throw badRequest('invalidFilter', `'${op}' cannot compare '${path}'`);
    return `(${attribute.sql})::timestamptz ${sqlOp} ${placeholder(value)}::timestamptz`;
  }

  const col = attribute.caseExact ? attribute.sql : `lower(${attribute.sql})`;
  const p = placeholder(value);
  const arg = attribute.caseExact ? p : `lower(${p})`;
  switch (op) {
    case 'eq':
      return `${col} = ${arg}`;
    case 'ne':
      return `${col} is distinct from ${arg}`;
    case 'co':
      return `strpos(${col}, ${arg}) > 0`;
    case 'sw':
      return `starts_with(${col}, ${arg})`;
    case 'ew':
      return `right(${col}, length(${arg})) = ${arg}`;
    default: {
      const sqlOp = ORDERING[op];
      if (!sqlOp) throw badRequest('invalidFilter', `unknown operator '${op}'`);
      return `${col} ${sqlOp} ${arg}`;
    }
  }
}

const ORDERING: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
