import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small SCIM 2.0 service provider that records what Okta's client sends. Enough behaviour
 * (exact-match filters, create, replace, PatchOp on `active`, members and displayName) for the
 * simulator's client to run its real sequences against it; the real endpoint is the sync server's.
 */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  contentType: string | undefined;
}

type Member = { value: string; display?: string };
type Resource = Record<string, unknown> & { id: string; members?: Member[] };
type Op = { op: string; path?: string; value?: unknown };

export class ScimRecorder {
  readonly requests: Recorded[] = [];
  readonly users = new Map<string, Resource>();
  readonly groups = new Map<string, Resource>();
  readonly token = `scim-${randomUUID()}`;
  url = '';
  #server: Server | undefined;
  #throttle = { count: 0, retryAfter: '1' };
  #failNext: { status: number; detail: string } | undefined;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/scim/v2`;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /** The next `count` requests get 429 with this Retry-After. */
  throttle(count: number, retryAfter = '1'): void {
    this.#throttle = { count, retryAfter };
  }

  failNext(status: number, detail: string): void {
    this.#failNext = { status, detail };
  }

  seedUser(userName: string): string {
    const id = randomUUID();
    this.users.set(id, { id, userName, active: true });
    return id;
  }

  /** Requests without the lookups' noise: method and path, e.g. `POST /Users`. */
  lines(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/scim\/v2/, '');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    this.requests.push({
      method: req.method ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    });
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { detail: 'bad token' } };
    if (this.#throttle.count > 0) {
      this.#throttle.count -= 1;
      return { status: 429, headers: { 'retry-after': this.#throttle.retryAfter }, body: { detail: 'slow down' } };
    }
    if (this.#failNext) {
      const f = this.#failNext;
      this.#failNext = undefined;
      return {
        status: f.status,
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(f.status), detail: f.detail },
      };
    }
    return this.#route(req.method ?? '', path, url.searchParams, body);
  }

  #route(method: string, path: string, q: URLSearchParams, body: Record<string, unknown> | undefined) {
    const [, kind, id] = path.split('/');
    const store = kind === 'Users' ? this.users : kind === 'Groups' ? this.groups : undefined;
    if (!store) return { status: 404 };
    if (method === 'GET' && !id) {
      const m = /^(userName|displayName) eq "(.*)"$/.exec(q.get('filter') ?? '');
      const found = [...store.values()].filter(
        (r) => m && String(r[m[1] ?? '']).toLowerCase() === (m[2] ?? '').toLowerCase(),
      );
      return {
        status: 200,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: found.length,
          startIndex: 1,
          itemsPerPage: found.length,
          Resources: found,
        },
      };
    }
    if (method === 'POST' && !id) {
      const created: Resource = { ...(body ?? {}), id: randomUUID() };
      if (kind === 'Groups') created.members = (body?.members as Member[] | undefined) ?? [];
      if (kind === 'Users' && [...this.users.values()].some((u) => u.userName === body?.userName)) {
        return { status: 409, body: { detail: 'userName taken', scimType: 'uniqueness' } };
      }
      store.set(created.id, created);
      return { status: 201, body: created };
    }
    const existing = id ? store.get(id) : undefined;
    if (!existing) return { status: 404, body: { detail: 'not found' } };
    if (method === 'PUT') {
      store.set(existing.id, { ...(body ?? {}), id: existing.id });
      return { status: 200, body: store.get(existing.id) };
    }
    if (method === 'PATCH') {
      for (const op of (body?.Operations as Op[] | undefined) ?? []) this.#apply(existing, op);
      return { status: 200, body: existing };
    }
    return { status: 405 };
  }

  #apply(r: Resource, op: Op): void {
    if (op.op === 'replace' && !op.path) Object.assign(r, op.value as object);
    else if (op.op === 'add' && op.path === 'members') r.members = [...(r.members ?? []), ...(op.value as Member[])];
    else if (op.op === 'replace' && op.path === 'members') r.members = op.value as Member[];
    else if (op.op === 'remove') {
      const m = /^members\[value eq "(.*)"\]$/.exec(op.path ?? '');
      r.members = (r.members ?? []).filter((x) => x.value !== m?.[1]);
    }
  }
}
