/**
 * The HTTP contract (domain/wire/api/) and the server agree: every route in the contract is
 * registered with its method and path, and every `/api/v1` route the server registers is in the
 * contract or named as having a contract of its own (replication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { API_ROUTES, OUTSIDE_CONTRACT, routeKey } from '../../../domain/wire/api';

let server: TestSyncServer;

beforeAll(async () => {
  // Building the routes needs no identity provider: no request is made.
  server = await startSyncServer({ store: 'pglite', issuer: 'http://127.0.0.1:9/oauth2/default', audience: 'api://t' });
});
afterAll(async () => {
  await server?.close();
});

/** `METHOD /path` of every registered route, from Fastify's own route table. */
function registeredRoutes(): string[] {
  const table = server.built.app.printRoutes({ commonPrefix: false, includeHooks: false });
  const routes: string[] = [];
  // Each line is a path with its methods, "├── /api/v1/me (GET, HEAD)"; nested lines continue
  // their parent's path.
  const stack: { depth: number; path: string }[] = [];
  for (const line of table.split('\n')) {
    const match = /^([\s│├└─]*?)([^\s│├└─].*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length;
    while (stack.length > 0 && (stack.at(-1)?.depth ?? 0) >= depth) stack.pop();
    const path = `${stack.at(-1)?.path ?? ''}${match[2] ?? ''}`;
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

describe('the HTTP contract', () => {
  it('is answered by the server route for route', () => {
    for (const route of API_ROUTES) {
      expect(server.built.app.hasRoute({ method: route.method, url: route.path }), routeKey(route)).toBe(true);
    }
  });

  it('lists every /api/v1 route the server registers, but replication', () => {
    const registered = registeredRoutes().filter((key) => key.split(' ')[1]?.startsWith('/api/v1/'));
    const known = new Set<string>([...API_ROUTES.map(routeKey), ...OUTSIDE_CONTRACT]);
    expect(registered.filter((key) => !known.has(key))).toEqual([]);
    // The parse found the routes it checks: the contract's and replication's.
    expect(new Set(registered)).toEqual(known);
  });

  it('names each route once', () => {
    const keys = API_ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
