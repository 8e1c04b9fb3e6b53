/**
 * A real sync server (PGlite in a temp folder, or a fresh PostgreSQL database) with a SCIM token,
 * and a small SCIM HTTP client for the tests in this folder.
 */

import { rotateScimToken } from '../../../sync-server/scim/token';
import type { Db } from '../../../sync-server/store/db';
import { startSyncServer } from '../../support/sync-server';

export type StoreKind = 'pglite' | 'postgres';
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
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse>;
  raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> }): Promise<ScimResponse>;
  close(): Promise<void>;
}

export async function startScim(store: StoreKind, options: Record<string, unknown> = {}): Promise<ScimHarness> {
  const server = await startSyncServer({ store, ...options });
  const { token } = await rotateScimToken(server.db, 'test');
  const base = `${server.url}/scim/v2`;
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
    url: server.url,
    base,
    token,
    db: server.db,
    raw,
    request: (method, path, body, headers = {}) =>
      raw(method, path, {
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { ...(body !== undefined ? { 'content-type': SCIM_JSON } : {}), ...headers },
      }),
    close: () => server.close(),
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
