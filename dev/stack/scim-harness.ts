/**
 * The SCIM plugin on a real store (PGlite in a temp folder, or a fresh PostgreSQL database) with
 * the records repository and a SCIM token, plus a small SCIM HTTP client for the tests here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { type ScimRoutesOptions, scimRoutes } from '../../sync-server/scim/routes';
import { rotateScimToken } from '../../sync-server/scim/token';
import { createCipher } from '../../sync-server/store/credentials-cipher';
import { type Db, openPostgres } from '../../sync-server/store/db';
import { migrate } from '../../sync-server/store/migrate';
import { RecordsRepo } from '../../sync-server/store/records-repo';
import { openFreshPglite } from './pglite-template';
import { createTestDatabase } from './postgres';
import type { StoreKind } from './stack';

export const STORES: StoreKind[] = ['pglite', 'postgres'];

export const SCIM_JSON = 'application/scim+json';

export interface ScimResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  body: any;
}

export interface ScimHarness {
  url: string;
  base: string;
  token: string;
  db: Db;
  repo: RecordsRepo;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse>;
  raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> }): Promise<ScimResponse>;
  close(): Promise<void>;
}

/** A fresh database (PGlite in a temp folder, or a new PostgreSQL database) with migrations run. */
async function openStore(kind: StoreKind): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-scim-'));
    const db = await openFreshPglite(dir);
    return { db, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase('latchkey_scim');
  return { db: await openPostgres(database.url), drop: () => database.drop() };
}

export async function startScim(
  kind: StoreKind,
  options: Partial<Omit<ScimRoutesOptions, 'db' | 'repo'>> = {},
): Promise<ScimHarness> {
  const { db, drop } = await openStore(kind);
  await migrate(db);
  const repo = new RecordsRepo(createCipher(randomBytes(32)));
  const app = Fastify();
  await app.register(scimRoutes, { prefix: '/scim/v2', db, repo, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { token } = await rotateScimToken(db, 'test');
  const base = `${url}/scim/v2`;
  const raw: ScimHarness['raw'] = async (method, path, init) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: SCIM_JSON, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url,
    base,
    token,
    db,
    repo,
    raw,
    request: (method, path, body, headers = {}) =>
      raw(method, path, {
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { ...(body !== undefined ? { 'content-type': SCIM_JSON } : {}), ...headers },
      }),
    async close() {
      await app.close();
      await db.close();
      await drop();
    },
  };
}

export function oktaUser(userName: string, extra: Record<string, unknown> = {}) {
  const [given = 'Test', family = 'User'] = userName.split('@')[0]?.split('.') ?? [];
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    groups: [],
    password: 'Pl4ceh0lder!',
    active: true,
    ...extra,
  };
}

export const patchOp = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});
