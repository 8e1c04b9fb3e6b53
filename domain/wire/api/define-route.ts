/**
 * One entry of the HTTP contract: what a `/api/v1` route takes and answers. The server registers
 * its handler from the entry (sync-server/http/serve-route.ts), main's passthrough allow-list is
 * the entries marked `desktop` (main/services/sync-proxy/api-allow-list.ts), and the renderer
 * calls routes by entry (renderer/src/screens/call-api.ts). Pure: zod schemas and strings only.
 */
import type { z } from 'zod';
import type { ErrorCode } from './errors';

export const API_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

export interface RouteSpec {
  readonly method: ApiMethod;
  /** Fastify's pattern: `:name` segments are the keys of `params`. */
  readonly path: `/api/v1/${string}`;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The status of a success (200 unless said). */
  readonly status?: 200 | 201 | 202 | 204;
  /** The success body; `z.null()` for 204 (no body). */
  readonly response: z.ZodType;
  /** Every code the route may answer an error with. */
  readonly errors: readonly ErrorCode[];
  /**
   * Whether the renderer may call it through the desktop host's passthrough (`api:request`).
   * The host's token can reach only these; routes the app has no screen for, or whose answer
   * the UI must never see (a launch's secrets), stay false.
   */
  readonly desktop: boolean;
}

export function defineRoute<const R extends RouteSpec>(route: R): R {
  return route;
}

type Schema<R, K extends 'params' | 'query' | 'body'> = R extends { readonly [P in K]: infer S extends z.ZodType }
  ? S
  : never;

/** What a caller passes: `params`, `query`, `body` where the route has them. */
export type RouteInput<R extends RouteSpec> = ([Schema<R, 'params'>] extends [never]
  ? unknown
  : { params: z.input<Schema<R, 'params'>> }) &
  ([Schema<R, 'query'>] extends [never] ? unknown : { query?: z.input<Schema<R, 'query'>> }) &
  ([Schema<R, 'body'>] extends [never] ? unknown : { body: z.input<Schema<R, 'body'>> });

/** The parsed input the server's handler receives. */
export type RouteParams<R extends RouteSpec> = [Schema<R, 'params'>] extends [never]
  ? undefined
  : z.output<Schema<R, 'params'>>;
export type RouteQuery<R extends RouteSpec> = [Schema<R, 'query'>] extends [never]
  ? undefined
  : z.output<Schema<R, 'query'>>;
export type RouteBody<R extends RouteSpec> = [Schema<R, 'body'>] extends [never]
  ? undefined
  : z.output<Schema<R, 'body'>>;

/** The success body as the server builds it and as a client reads it. */
export type RouteAnswer<R extends RouteSpec> = z.input<R['response']>;
export type RouteResponse<R extends RouteSpec> = z.output<R['response']>;
export type RouteErrorCode<R extends RouteSpec> = R['errors'][number];

/** `GET /api/v1/okta/status`: how logs, allow-lists and tests name a route. */
export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * The path to call: each `:name` replaced by its parameter, URL-encoded, then the query's
 * defined values. Throws on a missing parameter (a programming error the types prevent).
 */
export function pathOf(
  route: Pick<RouteSpec, 'path'>,
  params?: Readonly<Record<string, string>>,
  query?: Readonly<Record<string, unknown>>,
): string {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${route.path} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
  const pairs = Object.entries(query ?? {}).filter(([, value]) => value !== undefined);
  if (pairs.length === 0) return path;
  return `${path}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}
