/**
 * Checks Management API exchanges against Okta's own OpenAPI description: the request (operation
 * found by method + path template, query and path parameters, JSON body) and the answer (status
 * documented for the operation, body against that status's schema; any error status against
 * Okta's error envelope). Schemas come dereferenced from okta-openapi-doc.ts and are compiled by
 * ajv (+ ajv-formats); nothing here re-states a field of Okta's objects by hand. What the code
 * adds is OpenAPI 3.0 semantics ajv does not have — `discriminator.mapping` and parameter
 * serialisation — and the few places where the spec contradicts Okta's own documentation
 * (SPEC_ERRATA, each with the page that shows Okta's behaviour).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { RecordedExchange } from '../../okta-sim/index';
import { loadOktaSpec, type OktaSpec, type Schema, type SpecOperation, type SpecParameter } from './okta-openapi-doc';

export interface ContractViolation {
  /** `GET /api/v1/apps` (the spec's template) or the raw path when no operation matched. */
  operation: string;
  side: 'request' | 'response';
  status: number;
  message: string;
}

/**
 * Where Okta's spec is stricter than what Okta sends or documents. An error is forgiven only at
 * the named place (instance path), for the named keyword, with the named value.
 */
interface Erratum {
  /** `METHOD /template` of the operations it applies to; all when absent. */
  operation?: RegExp;
  instancePath: RegExp;
  keyword: string;
  value: (v: unknown) => boolean;
}

const SPEC_ERRATA: Erratum[] = [
  // The spec types these as plain strings, but Okta answers `null` when they are unset: see the
  // BOOKMARK response example of "Create an application" and "Retrieve an application" at
  // https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/#tag/Application/operation/createApplication
  {
    instancePath: /(^|\/)accessibility\/(errorRedirectUrl|loginRedirectUrl)$/,
    keyword: 'type',
    value: (v) => v === null,
  },
  // Same page, same example: `settings.notes.admin` / `enduser` and the VPN notification's
  // `message` / `helpUrl` are `null` on an app that has none.
  { instancePath: /(^|\/)settings\/notes\/(admin|enduser)$/, keyword: 'type', value: (v) => v === null },
  {
    instancePath: /(^|\/)settings\/notifications\/vpn\/(message|helpUrl)$/,
    keyword: 'type',
    value: (v) => v === null,
  },
  // An app user of an SSO-only app (a bookmark) has no `externalId`: Okta answers `null`, as the
  // response examples of "Assign an application user" and "Update an application user" show at
  // https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationUsers/
  {
    operation: /^(GET|POST) \/api\/v1\/apps\/\{appId\}\/users(\/\{userId\})?$/,
    instancePath: /^(\/\d+)?\/externalId$/,
    keyword: 'type',
    value: (v) => v === null,
  },
];

type AjvInstance = InstanceType<typeof Ajv>;
// ajv-formats is CommonJS with `exports.default`; under Node's ESM interop the default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: AjvInstance,
) => AjvInstance;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  op: SpecOperation;
  pathParams: SpecParameter[];
}

export class OktaContract {
  readonly #routes: Route[];
  readonly #ajv: AjvInstance;
  readonly #compiled = new WeakMap<object, ValidateFunction>();
  readonly #errorSchema: Schema;
  readonly #schemas: Record<string, Schema>;

  private constructor(spec: OktaSpec) {
    this.#schemas = spec.components.schemas;
    const errorSchema = this.#schemas.Error;
    if (!errorSchema) throw new Error("Okta's spec has no Error schema");
    this.#errorSchema = errorSchema;
    // OpenAPI 3.0 schemas are not JSON Schema drafts: unknown keywords (`discriminator`,
    // `x-okta-*`, `readOnly` on refs) are annotations, and the spec is not re-validated here.
    this.#ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false }));
    this.#routes = [];
    for (const [template, item] of Object.entries(spec.paths)) {
      const shared = (item.parameters as SpecParameter[] | undefined) ?? [];
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete', 'head'].includes(method)) continue;
        const operation = op as SpecOperation;
        const params: string[] = [];
        const segments = template.split('/').map((seg) => {
          const name = /^\{(.+)\}$/.exec(seg)?.[1];
          if (name === undefined) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(name);
          return '([^/]+)';
        });
        const pattern = new RegExp(`^${segments.join('/')}$`);
        const all = [...shared, ...(operation.parameters ?? [])];
        this.#routes.push({
          method: method.toUpperCase(),
          template,
          pattern,
          params,
          op: { ...operation, parameters: all },
          pathParams: all.filter((p) => p.in === 'path'),
        });
      }
    }
    // A literal segment wins over a template one (`/apps/{appId}/users` vs `/apps/{appId}/{x}`).
    this.#routes.sort((a, b) => a.params.length - b.params.length);
  }

  static #loaded: Promise<OktaContract> | undefined;

  /** One checker per process: compiled validators are kept, so later stacks check at once. */
  static load(): Promise<OktaContract> {
    OktaContract.#loaded ??= loadOktaSpec().then((spec) => new OktaContract(spec));
    return OktaContract.#loaded;
  }

  /** Every way `exchange` departs from Okta's published contract; empty when it keeps to it. */
  check(exchange: RecordedExchange): ContractViolation[] {
    const { request, response } = exchange;
    const route = this.#routes.find((r) => r.method === request.method && r.pattern.test(request.path));
    if (!route) {
      return [
        {
          operation: `${request.method} ${request.path}`,
          side: 'request',
          status: response.status,
          message: 'no operation in the spec has this method and path',
        },
      ];
    }
    const operation = `${route.method} ${route.template}`;
    const out: ContractViolation[] = [];
    const add = (side: ContractViolation['side'], message: string) =>
      out.push({ operation, side, status: response.status, message });
    for (const m of this.#checkRequest(route, request)) add('request', m);
    for (const m of this.#checkResponse(route, response)) add('response', m);
    return out;
  }

  #checkRequest(route: Route, request: RecordedExchange['request']): string[] {
    const op = `${route.method} ${route.template}`;
    const problems: string[] = [];
    const match = route.pattern.exec(request.path);
    const params = route.op.parameters ?? [];
    route.params.forEach((name, i) => {
      const value = decodeURIComponent(match?.[i + 1] ?? '');
      const spec = route.pathParams.find((p) => p.name === name);
      if (spec?.schema) problems.push(...this.#validate(spec.schema, value, `path parameter ${name}`, op));
    });
    for (const [name, raw] of Object.entries(request.query)) {
      const spec = params.find((p) => p.in === 'query' && p.name === name);
      if (!spec) {
        problems.push(`query parameter ${name} is not one the operation takes`);
        continue;
      }
      if (spec.schema)
        problems.push(...this.#validate(spec.schema, coerce(spec.schema, raw), `query parameter ${name}`, op));
    }
    for (const p of params) {
      if (p.in === 'query' && p.required && !(p.name in request.query))
        problems.push(`query parameter ${p.name} is required`);
    }
    const body = route.op.requestBody;
    const schema = body?.content?.['application/json']?.schema;
    // A file upload (a logo is `multipart/form-data`) is checked for its media type only: its
    // parts are not JSON and the simulator's log does not hold them.
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaType !== '' && mediaType !== 'application/json' && body?.content) {
      if (!(mediaType in body.content)) problems.push(`content type ${mediaType} is not one the operation accepts`);
      return problems;
    }
    // Refused at the gate before the body was read (401, 429, an injected 5xx): nothing to check.
    if (!request.bodyRead) return problems;
    if (request.body === undefined) {
      if (body?.required) problems.push('the operation requires a JSON body');
    } else if (!body) {
      problems.push('a body was sent to an operation that takes none');
    } else if (schema) {
      problems.push(...this.#validate(schema, request.body, 'request body', op));
    }
    return problems;
  }

  #checkResponse(route: Route, response: RecordedExchange['response']): string[] {
    const op = `${route.method} ${route.template}`;
    const status = String(response.status);
    const documented =
      route.op.responses?.[status] ?? route.op.responses?.[`${status[0]}XX`] ?? route.op.responses?.default;
    if (response.status >= 400) {
      // Okta documents its error envelope and codes once for every operation
      // (https://developer.okta.com/docs/reference/error-codes/): any operation may answer 401,
      // 429 or 5xx, and filters it cannot read are 400 E0000031 even where the operation lists
      // no 400. So an error status is checked for the envelope, listed or not.
      const schema = documented?.content?.['application/json']?.schema ?? this.#errorSchema;
      return [...this.#validate(schema, response.body, 'error body', op), ...envelopeProblems(response.body)];
    }
    if (!documented) return [`status ${status} is not one the operation answers`];
    const problems: string[] = [];
    for (const [name, h] of Object.entries(documented.headers ?? {})) {
      if (h.required && response.headers[name.toLowerCase()] === undefined) problems.push(`header ${name} is missing`);
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) {
      if (response.body !== undefined && !isEmptyObject(response.body))
        problems.push('a body was answered where the operation documents none');
      return problems;
    }
    if (response.body === undefined) return [...problems, 'the documented JSON body is missing'];
    if (schema.type === 'array' && Array.isArray(response.body)) {
      const link = response.headers.link ?? '';
      if (!/rel="self"/.test(link)) problems.push('a list answer without a Link rel="self" header');
    }
    return [...problems, ...this.#validate(schema, response.body, 'response body', op)];
  }

  /** ajv over `data`, after resolving `discriminator.mapping` for objects and array items. */
  #validate(schema: Schema, data: unknown, what: string, operation: string): string[] {
    if (schema.type === 'array' && Array.isArray(data) && isSchema(schema.items) && hasMapping(schema.items)) {
      const items = schema.items;
      return data.flatMap((item, i) => this.#validate(items, item, `${what}/${i}`, operation));
    }
    const chosen = this.#discriminated(schema, data);
    let validate = this.#compiled.get(chosen);
    if (!validate) {
      validate = this.#ajv.compile(chosen);
      this.#compiled.set(chosen, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? [])
      .filter((e) => !forgiven(e, data, operation))
      .map((e) => `${what}${e.instancePath || ''} ${e.message ?? e.keyword}${describeParams(e)}`);
  }

  /**
   * OpenAPI's discriminator: `Application` maps `signOnMode` to `BookmarkApplication`,
   * `OpenIdConnectApplication`, … which each `allOf` the base. ajv's own `discriminator` needs
   * `oneOf`, which Okta's spec does not use, so the mapped schema is picked here.
   */
  #discriminated(schema: Schema, data: unknown): Schema {
    if (!hasMapping(schema) || data === null || typeof data !== 'object') return schema;
    const { propertyName, mapping } = schema.discriminator as { propertyName: string; mapping: Record<string, string> };
    const value = (data as Record<string, unknown>)[propertyName];
    const target = typeof value === 'string' ? mapping[value] : undefined;
    const name = target?.split('/').at(-1);
    const mapped = name ? this.#schemas[name] : undefined;
    return mapped ?? schema;
  }
}

function isSchema(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasMapping(schema: Schema): boolean {
  const d = schema.discriminator as { mapping?: unknown } | undefined;
  return d !== undefined && isSchema(d.mapping);
}

function isEmptyObject(v: unknown): boolean {
  return isSchema(v) && Object.keys(v).length === 0;
}

/** Query values arrive as text; OpenAPI's `form` style means `true`, `200`, … for typed ones. */
function coerce(schema: Schema, raw: string): unknown {
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/**
 * Okta's error envelope as https://developer.okta.com/docs/reference/error-codes/ shows it: all
 * five fields, an `E0000…` code, `errorCauses` a list of `{errorSummary}`. The spec's `Error`
 * schema marks none of them required, so this is stated once here.
 */
function envelopeProblems(body: unknown): string[] {
  if (!isSchema(body)) return ['the error body is not a JSON object'];
  const problems: string[] = [];
  for (const field of ['errorCode', 'errorSummary', 'errorLink', 'errorId']) {
    if (typeof body[field] !== 'string') problems.push(`error body has no ${field}`);
  }
  if (typeof body.errorCode === 'string' && !/^E\d{7}$/.test(body.errorCode))
    problems.push(`errorCode ${body.errorCode} is not an Okta error code`);
  if (!Array.isArray(body.errorCauses)) problems.push('error body has no errorCauses list');
  return problems;
}

function forgiven(e: ErrorObject, root: unknown, operation: string): boolean {
  const value = valueAt(root, e.instancePath);
  return SPEC_ERRATA.some(
    (x) =>
      (x.operation === undefined || x.operation.test(operation)) &&
      x.keyword === e.keyword &&
      x.instancePath.test(e.instancePath) &&
      x.value(value),
  );
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describeParams(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return ` (${String(p.additionalProperty)})`;
  if (e.keyword === 'enum') return ` (${JSON.stringify(p.allowedValues)})`;
  return '';
}

/**
 * Listens to a simulator's exchanges and checks each one as it is answered; keeps only the
 * violations, so it can run under a benchmark's tens of thousands of calls.
 */
export interface ContractRecorder {
  readonly exchanges: number;
  readonly violations: ContractViolation[];
  stop(): void;
}

export function recordContract(
  sim: { onExchange(listener: (x: RecordedExchange) => void): () => void },
  contract: OktaContract,
): ContractRecorder {
  let exchanges = 0;
  const violations: ContractViolation[] = [];
  const stop = sim.onExchange((x) => {
    exchanges += 1;
    violations.push(...contract.check(x));
  });
  return {
    get exchanges() {
      return exchanges;
    },
    violations,
    stop,
  };
}
