/**
 * Inputs that once cost a 500 or the whole process, each in its minimal form, sent over real HTTP
 * to a server on its embedded default (PGlite). Every one must be refused with a 4xx that names
 * what is wrong, write nothing, and leave the process serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeAccount } from '../../dev/stack/workspace-factory';
import { rotateScimToken } from '../../sync-server/scim/token';
import { type Fingerprint, fingerprint } from './support/store-fingerprint';

let world: SyncWorld;
let scimToken: string;

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  scimToken = (await rotateScimToken(world.server.db, 'test')).token;
});
afterAll(async () => {
  await world?.close();
});

async function scim(method: string, path: string, body?: unknown) {
  const res = await fetch(`${world.server.url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${scimToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { scimType?: string; detail?: string } };
}

const user = (externalId: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'nul@example.com',
  externalId,
  name: { givenName: 'N', familyName: 'U' },
  emails: [{ value: 'nul@example.com', primary: true }],
  active: true,
});

const patch = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

async function expectRefusedAndUnchanged(
  send: () => Promise<{ status: number; body: { scimType?: string; detail?: string } }>,
  expected: { status: number; scimType?: string; detail: RegExp },
): Promise<void> {
  const before: Fingerprint = await fingerprint(world.server.db);
  const res = await send();
  expect(res.status).toBe(expected.status);
  if (expected.scimType) expect(res.body.scimType).toBe(expected.scimType);
  expect(res.body.detail).toMatch(expected.detail);
  expect(await fingerprint(world.server.db)).toEqual(before);
}

describe('text that PostgreSQL cannot hold is refused at the SCIM edge, naming the field', () => {
  it('POST /Users with a NUL externalId is 400 invalidValue', async () => {
    await expectRefusedAndUnchanged(() => scim('POST', '/Users', user('\u0000')), {
      status: 400,
      scimType: 'invalidValue',
      detail: /externalId/,
    });
  });

  it('PUT /Users/:id with a NUL externalId is 400 invalidValue', async () => {
    const id = world.users.bob.id;
    await expectRefusedAndUnchanged(
      () => scim('PUT', `/Users/${id}`, { ...user('\u0000'), userName: 'bob@example.com', emails: [] }),
      {
        status: 400,
        scimType: 'invalidValue',
        detail: /externalId/,
      },
    );
  });

  it('PATCH add of an unpaired surrogate is 400 invalidValue', async () => {
    const id = world.users.cy.id;
    // JSON.stringify escapes a lone surrogate as \ud800, exactly what the attacker sent.
    await expectRefusedAndUnchanged(
      () => scim('PATCH', `/Users/${id}`, patch({ op: 'add', path: 'externalId', value: '\ud800' })),
      { status: 400, scimType: 'invalidValue', detail: /externalId/ },
    );
  });

  it('an id with a NUL in the path is refused before any lookup', async () => {
    await expectRefusedAndUnchanged(() => scim('PUT', '/Users/%00', user('00u1')), {
      status: 400,
      scimType: 'invalidValue',
      detail: /id/,
    });
    await expectRefusedAndUnchanged(() => scim('GET', '/Groups/%00'), { status: 400, detail: /id/ });
  });

  it('a NUL inside a filter value is 400 invalidFilter', async () => {
    await expectRefusedAndUnchanged(() => scim('GET', `/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`), {
      status: 400,
      scimType: 'invalidFilter',
      detail: /filter/,
    });
  });
});

describe('filters are typed: a value of the wrong type is invalidFilter, never a database error', () => {
  for (const resource of ['/Users', '/Groups']) {
    it(`${resource}: meta.lastModified gt "2026" (not a date-time)`, async () => {
      await expectRefusedAndUnchanged(
        () => scim('GET', `${resource}?filter=${encodeURIComponent('meta.lastModified gt "2026"')}`),
        { status: 400, scimType: 'invalidFilter', detail: /date-time/ },
      );
    });
  }

  it('a full RFC 3339 date-time still filters', async () => {
    const res = await scim('GET', `/Users?filter=${encodeURIComponent('meta.lastModified gt "2000-01-01T00:00:00Z"')}`);
    expect(res.status).toBe(200);
  });
});

describe('a SCIM PATCH and a push no longer take the server down', () => {
  it('a __proto__ path is refused, Object.prototype stays clean, and the extra-key push is answered', async () => {
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Pollution target',
    });
    const groupId = (group.body as { id?: string }).id;
    expect(group.status).toBe(201);
    await expectRefusedAndUnchanged(
      () => scim('PATCH', `/Groups/${groupId}`, patch({ op: 'Replace', path: '__proto__.polluted', value: [] })),
      { status: 400, scimType: 'invalidPath', detail: /__proto__/ },
    );
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);

    const token = await world.token('bob');
    const push = await fetch(`${world.server.url}/api/v1/replication/collections/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          newDocumentState: {
            id: 'coll-bob',
            name: 'Bob’s',
            updatedAt: new Date().toISOString(),
            _deleted: false,
            constructor: -1,
          },
          assumedMasterState: null,
        },
      ]),
    });
    expect(push.status).toBeLessThan(500);
    const health = await fetch(`${world.server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  for (const [name, body] of [
    ['a constructor.prototype path', patch({ op: 'add', path: 'constructor.prototype.polluted', value: 'x' })],
    [
      'a path-less value with __proto__',
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","value":{"__proto__":{"polluted":"x"}}}]}',
    ],
    [
      'a path-less value with constructor',
      patch({ op: 'add', value: { constructor: { prototype: { polluted: 'x' } } } }),
    ],
    [
      'a nested __proto__ key',
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"name","value":{"givenName":"x","__proto__":{"polluted":"x"}}}]}',
    ],
    [
      'a filter-bracket path into __proto__',
      patch({ op: 'add', path: 'members[value eq "x"].__proto__.polluted', value: 'x' }),
    ],
  ] as const) {
    it(`${name} is refused`, async () => {
      const id = world.users.cy.id;
      const before = await fingerprint(world.server.db);
      const res = await scim('PATCH', `/Users/${id}`, body);
      expect(res.status).toBe(400);
      expect(['invalidPath', 'invalidValue']).toContain(res.body.scimType);
      expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      expect(await fingerprint(world.server.db)).toEqual(before);
    });
  }

  it('a POST body with a __proto__ key is refused', async () => {
    const res = await scim(
      'POST',
      '/Users',
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"p@example.com","__proto__":{"workspaceRole":"owner"}}',
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(Object.hasOwn(Object.prototype, 'workspaceRole')).toBe(false);
  });
});

describe('found by the fuzz suite', () => {
  it('a path that is not a valid URL component gets the interface error body, not Fastify’s', async () => {
    const res = await scim('PATCH', '/Users/%ud800', { schemas: [], Operations: [] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400' });

    const api = await fetch(`${world.server.url}/api/v1/launch/%ud800/authorize`, { method: 'POST' });
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({
      error: { code: 'bad_request', message: 'The request path is not a valid URL.' },
    });
  });

  it('a URL longer than the HTTP parser takes is 431 in the interface error shape', async () => {
    const long = 'x'.repeat(70_000);
    const api = await fetch(`${world.server.url}/api/v1/audit?userId=${long}`);
    expect(api.status).toBe(431);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const res = await fetch(`${world.server.url}/scim/v2/Users?filter=${long}`);
    expect(res.status).toBe(431);
    expect(await res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '431' });
    expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);
  });

  it('a pushed account whose loginUrl holds a NUL is refused naming loginUrl, and nothing is written', async () => {
    const token = await world.token('ada');
    const before = await fingerprint(world.server.db);
    const res = await fetch(`${world.server.url}/api/v1/replication/accounts/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          newDocumentState: {
            ...makeAccount({ id: 'acct-nul' }),
            loginUrl: 'https://app.example/\u0000login',
            _deleted: false,
          },
          assumedMasterState: null,
        },
      ]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/loginUrl/);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });
});

describe('a body-less request with a JSON Content-Type', () => {
  it('is accepted as having no body (some IdP clients send the header on every call)', async () => {
    const created = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Empty body target',
    });
    const id = (created.body as { id?: string }).id;
    const res = await fetch(`${world.server.url}/scim/v2/Groups/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
    });
    expect(res.status).toBe(204);
    const gone = await scim('GET', `/Groups/${id}`);
    expect(gone.status).toBe(404);
  });
});
