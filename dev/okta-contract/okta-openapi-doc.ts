/**
 * Okta's published Management API OpenAPI description (okta-openapi/, version 2026.06.3), loaded
 * once per process and dereferenced by @readme/openapi-parser so each operation's schemas are
 * plain JSON Schema objects that ajv can compile.
 *
 * Before dereferencing, the document is cut down to what a Management API client of apps, users
 * and groups can reach: `paths` under `/api/v1/apps`, `/api/v1/users` and `/api/v1/groups`, and
 * `components` without `examples`. Okta's examples contain literal JSON Schema documents whose
 * `$ref`s (`#/definitions/base`) are example text, not references into the spec, and the parser
 * would try to resolve them; `x-webhooks` likewise points at examples.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { dereference } from '@readme/openapi-parser';
import { parse } from 'yaml';

export const OKTA_SPEC_VERSION = '2026.06.3';
const SPEC_FILE = join(import.meta.dirname, 'okta-openapi', `management-minimal-${OKTA_SPEC_VERSION}.yaml.gz`);
const KEPT_PATHS = /^\/api\/v1\/(apps|users|groups)(\/|$)/;

/** A JSON Schema object as the dereferenced spec holds it (OpenAPI 3.0 dialect). */
export type Schema = { [keyword: string]: unknown };

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface SpecResponse {
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, { required?: boolean; schema?: Schema }>;
}

export interface SpecOperation {
  operationId?: string;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, SpecResponse>;
}

export interface OktaSpec {
  paths: Record<string, Record<string, SpecOperation | SpecParameter[] | unknown>>;
  components: { schemas: Record<string, Schema> };
}

let loaded: Promise<OktaSpec> | undefined;

export function loadOktaSpec(): Promise<OktaSpec> {
  loaded ??= (async () => {
    const zipped = await readFile(SPEC_FILE);
    const text = await new Promise<string>((resolve, reject) =>
      gunzip(zipped, (err, out) => (err ? reject(err) : resolve(out.toString('utf8')))),
    );
    const full = parse(text) as { openapi: string; info: unknown; paths: Record<string, unknown>; components: Schema };
    const paths = Object.fromEntries(Object.entries(full.paths).filter(([p]) => KEPT_PATHS.test(p)));
    const { examples: _examples, ...components } = full.components;
    const doc = stripExamples({ openapi: full.openapi, info: full.info, paths, components });
    // The parser's types describe every OpenAPI version; the document is checked by use below.
    const spec = (await dereference(doc as Parameters<typeof dereference>[0])) as unknown as OktaSpec;
    nullableToJsonSchema(spec, new Set());
    return spec;
  })();
  return loaded;
}

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema: it adds `null` to the schema's `type` (and
 * to its `enum`), and has no effect without a `type` (OpenAPI 3.0.3, "Fixed Fields" of the Schema
 * Object). Rewritten in place once, over the dereferenced graph, where schemas are shared.
 */
function nullableToJsonSchema(node: unknown, seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) nullableToJsonSchema(item, seen);
    return;
  }
  const schema = node as Schema;
  if ('nullable' in schema) {
    if (schema.nullable === true && typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    }
    delete schema.nullable;
  }
  for (const value of Object.values(schema)) nullableToJsonSchema(value, seen);
}

/**
 * `example` / `examples` values are documentation, and some hold `$ref`-looking text. Inside a
 * `properties` map the same words are property names and stay.
 */
function stripExamples<T>(node: T, namesProperties = false): T {
  if (Array.isArray(node)) return node.map((n) => stripExamples(n)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!namesProperties && (k === 'example' || k === 'examples')) continue;
    out[k] = stripExamples(v, !namesProperties && k === 'properties');
  }
  return out as T;
}
