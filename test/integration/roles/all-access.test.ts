/**
 * Personal All-Access Mode through the real HTTP interface: a Super Admin turns it on with
 * `PUT /api/v1/me/all-access` and their next pull brings every account and collection (never a
 * credential); turning it off sends tombstones for what they hold no role on. Nobody else's view
 * changes. A demotion below Super Admin or a deactivation by Okta clears it in the same write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { User } from '../../../domain/records';
import type { AuditPage } from '../../../domain/wire/audit';
import { type Checkpoint, checkpointParams } from '../../../domain/wire/replication';
import { rotateScimToken } from '../../../sync-server/scim/token';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // Cy holds no share on anything; as a Super Admin they may hold All-Access Mode.
  await seedRecords(world.server, { users: [{ ...world.users.cy, role: 'superAdmin' }] });
});
afterAll(async () => {
  await world?.close();
});

const api = (person: Person, method: string, path: string, body?: unknown) => world.api(person, method, path, body);

const setMode = (person: Person, on: boolean) => api(person, 'PUT', '/api/v1/me/all-access', { on });

/** One replica's view of a collection: pulls from its checkpoint and keeps what arrives. */
class Replica {
  private checkpoint = new Map<string, Checkpoint>();
  private held = new Map<string, Set<string>>();
  constructor(private readonly person: Person) {}

  async sync(collection: string): Promise<Set<string>> {
    const held = this.held.get(collection) ?? new Set<string>();
    this.held.set(collection, held);
    for (;;) {
      const from = this.checkpoint.get(collection);
      const query = from === undefined ? '' : `?${new URLSearchParams(checkpointParams(from))}`;
      const res = await api(this.person, 'GET', `/api/v1/replication/${collection}/pull${query}`);
      expect(res.status).toBe(200);
      const documents = res.body.documents as { id: string; _deleted: boolean }[];
      for (const doc of documents) {
        if (doc._deleted) held.delete(doc.id);
        else held.add(doc.id);
      }
      const next = res.body.checkpoint as Checkpoint;
      if (documents.length === 0) return new Set(held);
      this.checkpoint.set(collection, next);
    }
  }
}

const stored = async (userId: string): Promise<User | null> =>
  (await world.server.repo.get(world.server.db, 'users', userId)) as User | null;

describe('personal All-Access Mode', () => {
  it('brings a Super Admin every account and collection but no credential, then takes them back', async () => {
    const cy = new Replica('cy');
    const bob = new Replica('bob');
    expect(await cy.sync('accounts')).toEqual(new Set());
    expect(await cy.sync('collections')).toEqual(new Set());
    expect(await bob.sync('accounts')).toEqual(new Set(['acct-shared']));

    const on = await setMode('cy', true);
    expect(on).toEqual({ status: 200, body: { on: true } });
    expect((await stored(world.users.cy.id))?.allAccess).toBe(true);
    expect(await cy.sync('accounts')).toEqual(new Set(['acct-shared', 'acct-private', 'acct-in-coll']));
    expect(await cy.sync('collections')).toEqual(new Set(['coll-team']));
    expect(await cy.sync('shares')).toContain('sh-ada-private');
    expect(await cy.sync('credentials')).toEqual(new Set());
    // Cy's mode is Cy's: Bob still sees only what is shared with him.
    expect(await bob.sync('accounts')).toEqual(new Set(['acct-shared']));
    // Their own record says so, on every replica (the desktop's header reads it).
    const users = await api('cy', 'GET', '/api/v1/replication/users/pull');
    expect((users.body.documents as User[]).find((u) => u.id === world.users.cy.id)?.allAccess).toBe(true);

    // Asking again changes nothing and writes nothing.
    expect((await setMode('cy', true)).body).toEqual({ on: true });

    const off = await setMode('cy', false);
    expect(off).toEqual({ status: 200, body: { on: false } });
    expect(await cy.sync('accounts')).toEqual(new Set());
    expect(await cy.sync('collections')).toEqual(new Set());
    expect(await cy.sync('shares')).toEqual(new Set());

    const audit = (await api('ada', 'GET', `/api/v1/audit?recordId=${world.users.cy.id}`)).body as AuditPage;
    const actions = audit.entries.map((e) => [e.action, e.actorId]);
    expect(actions).toContainEqual(['user.allAccessOn', world.users.cy.id]);
    expect(actions).toContainEqual(['user.allAccessOff', world.users.cy.id]);
    expect(actions.filter(([a]) => a === 'user.allAccessOn')).toHaveLength(1);
  });

  it('is cleared in the same write when an Owner demotes the Super Admin, who then sees only their own items', async () => {
    const cy = new Replica('cy');
    await setMode('cy', true);
    expect((await cy.sync('accounts')).size).toBe(3);
    const demoted = await api('ada', 'PUT', `/api/v1/users/${world.users.cy.id}/role`, { role: 'admin' });
    expect(demoted.status).toBe(200);
    expect(await stored(world.users.cy.id)).toMatchObject({ role: 'admin', allAccess: false });
    expect(await cy.sync('accounts')).toEqual(new Set());
    // Promoted again, the mode stays off until they turn it on themselves.
    await api('ada', 'PUT', `/api/v1/users/${world.users.cy.id}/role`, { role: 'superAdmin' });
    expect(await stored(world.users.cy.id)).toMatchObject({ role: 'superAdmin', allAccess: false });
    expect(await cy.sync('accounts')).toEqual(new Set());
  });

  it('is cleared when Okta deactivates the user, and stays off when Okta reactivates them', async () => {
    expect((await setMode('cy', true)).body).toEqual({ on: true });
    const { token } = await rotateScimToken(world.server.db, 'test');
    const patch = (active: boolean) =>
      fetch(`${world.server.url}/scim/v2/Users/${world.users.cy.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', value: { active } }],
        }),
      });
    expect((await patch(false)).status).toBe(200);
    expect(await stored(world.users.cy.id)).toMatchObject({ active: false, allAccess: false });
    expect((await patch(true)).status).toBe(200);
    expect(await stored(world.users.cy.id)).toMatchObject({ active: true, role: 'superAdmin', allAccess: false });
    expect((await new Replica('cy').sync('accounts')).size).toBe(0);
  });
});
