/**
 * Hostile variations of valid requests: the schemas in domain/ give the valid shapes, these turn
 * them into what an attacker sends — type swaps, missing and extra keys, huge and deeply nested
 * values, NUL bytes and unpaired surrogates, invalid JSON and wrong content types.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that have broken parsers, databases and loops before. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 31),
    1e308,
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff',
    'x\ud83d',
    '__proto__',
    'constructor',
    '2026',
    'true',
    '../../etc/passwd',
    '%00',
    "'; drop table records; --",
    'https://evil.example/login',
    'javascript:alert(1)',
    [],
    {},
    [null],
    { value: null },
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(129, 321, 2049, 70_000).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 2, max: 200 }).map((depth) => nest(depth)),
  fc.array(fc.constant('m'), { minLength: 1001, maxLength: 1001 }),
);

function nest(depth: number): Json {
  let value: Json = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Keys that have reached prototypes or shadowed methods elsewhere. */
const hostileKey = fc.oneof(
  fc.constantFrom(
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'length',
    '__defineGetter__',
    '',
    '\u0000',
    'id',
    'ID',
    'userName',
    '_deleted',
  ),
  fc.string({ maxLength: 12 }),
);

type Mutation =
  | { kind: 'swap'; at: number; value: Json }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; at: number; key: string; value: Json }
  | { kind: 'replace-root'; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), key: hostileKey, value: hostileValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace-root' as const), value: hostileValue }) },
);

/** The value, unchanged or with one to three mutations applied at places picked by the run. */
export function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: valid as fc.Arbitrary<unknown> },
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([value, mutations]) => mutations.reduce(applyMutation, cloneOrSelf(value))),
    },
  );
}

/** A value nested deeper than structuredClone can follow is mutated no further: it is hostile enough. */
function cloneOrSelf(value: unknown): Json {
  try {
    return structuredClone(value) as Json;
  } catch {
    return value as Json;
  }
}

function applyMutation(root: Json, m: Mutation): Json {
  if (m.kind === 'replace-root') return m.value;
  const slots = slotsOf(root);
  if (slots.length === 0) return m.kind === 'swap' ? m.value : root;
  const slot = slots[m.at % slots.length] as Slot;
  if (m.kind === 'swap') slot.set(m.value);
  else if (m.kind === 'drop') slot.drop();
  else if (m.kind === 'extra') {
    const target = slot.container;
    if (Array.isArray(target)) target.push(m.value);
    // defineProperty: an own data property even for names such as "__proto__".
    else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

interface Slot {
  container: Json[] | { [key: string]: Json };
  set(value: Json): void;
  drop(): void;
}

function slotsOf(root: Json): Slot[] {
  const slots: Slot[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0 && slots.length < 500) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        slots.push({ container: node, set: (v) => (node[i] = v), drop: () => node.splice(i, 1) });
        stack.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        slots.push({ container: node, set: (v) => (node[key] = v), drop: () => delete node[key] });
        stack.push(node[key] as Json);
      }
    }
  }
  return slots;
}

export interface EncodedBody {
  body: string | undefined;
  contentType: string | undefined;
}

/** Raw texts no JSON encoder would produce. */
const rawHostileBody = fc.constantFrom(
  '',
  '{',
  '[1,',
  'null',
  '"just a string"',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  '\uFEFF{}',
  'NaN',
);

/**
 * A JSON value encoded as a request body: usually JSON with the expected media type, sometimes a
 * wrong or missing content type, sometimes raw text that is not JSON at all.
 */
export function encodedBody(value: fc.Arbitrary<unknown>, mediaType: string): fc.Arbitrary<EncodedBody> {
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | undefined>(mediaType) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        'application/json',
        'application/scim+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
      ),
    },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ body: value.map((v) => JSON.stringify(v) ?? 'null'), contentType }) },
    { weight: 2, arbitrary: fc.record({ body: rawHostileBody, contentType }) },
  );
}
