/**
 * Workspace roles change only through `PUT /api/v1/users/:id/role`, decided by the server: a
 * member cannot raise anyone (themselves included) above what they hold, nobody changes their own
 * role, the last Owner stays, and a replication push cannot write a role at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { User } from '../../domain/records';
import type { AuditPage } from '../../domain/wire/audit';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

const api = (person: Person, method: string, path: string, body?: unknown) => world.api(person, method, path, body);

const setRole = (person: Person, userId: string, role: unknown) =>
  api(person, 'PUT', `/api/v1/users/${userId}/role`, { role });

const storedRole = async (userId: string): Promise<string | undefined> =>
  ((await world.server.repo.get(world.server.db, 'users', userId)) as User | null)?.role;

describe('changing a workspace role', () => {
  it('lets the Owner make a user Admin: audited with the Owner as actor, and it reaches another user’s pull', async () => {
    const { ada, bob, cy } = world.users;
    const res = await setRole('ada', bob.id, 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: bob.id, role: 'admin' });
    expect(await storedRole(bob.id)).toBe('admin');

    const audit = (await api('ada', 'GET', `/api/v1/audit?recordId=${bob.id}`)).body as AuditPage;
    expect(audit.entries.map((e) => [e.action, e.actorId])).toContainEqual(['user.setRole', ada.id]);

    const pulled = await api('cy', 'GET', '/api/v1/replication/users/pull');
    expect(pulled.status).toBe(200);
    const bobSeenByCy = (pulled.body.documents as User[]).find((u) => u.id === bob.id);
    expect(bobSeenByCy?.role).toBe('admin');
    expect(cy.role).toBe('user');
  });

  it('refuses an Admin who tries to make someone Owner or Super Admin, or to touch an Owner', async () => {
    const { ada, bob, cy } = world.users;
    await setRole('ada', bob.id, 'admin');
    for (const role of ['owner', 'superAdmin', 'admin']) {
      const res = await setRole('bob', cy.id, role);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code, role).toBe('role_above_actor');
      expect(res.body.error.message, role).toMatch(/^As an Admin you can only give the roles User, Login-only/);
    }
    expect(await storedRole(cy.id)).toBe('user');
    expect((await setRole('bob', ada.id, 'user')).body.error.code).toBe('role_above_actor');
    expect(await storedRole(ada.id)).toBe('owner');
    // What an Admin may do, they may: Cy becomes Login-only and back.
    expect((await setRole('bob', cy.id, 'loginOnly')).status).toBe(200);
    expect((await setRole('bob', cy.id, 'user')).status).toBe(200);
  });

  it('refuses everyone who changes their own role, so nobody promotes themselves', async () => {
    const { bob } = world.users;
    await setRole('ada', bob.id, 'admin');
    for (const role of ['owner', 'superAdmin', 'user']) {
      const res = await setRole('bob', bob.id, role);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code, role).toBe('self_role_change');
    }
    expect(await storedRole(bob.id)).toBe('admin');
  });

  it('refuses to demote the last Owner, with the way out in the message', async () => {
    const { ada } = world.users;
    const res = await setRole('ada', ada.id, 'admin');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'last_owner' });
    expect(res.body.error.message).toMatch(/last Owner: make someone else Owner first/);
    expect(await storedRole(ada.id)).toBe('owner');
  });

  it('refuses members who are not admins before reading the path or body', async () => {
    const { ada, cy } = world.users;
    const res = await setRole('cy', cy.id, 'owner');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_admin');
    // The same answer whether or not the target exists, and for a body that is no role at all.
    expect((await setRole('lou', 'nobody-here', 'owner')).body.error.code).toBe('not_admin');
    expect((await setRole('lou', ada.id, 'emperor')).body.error.code).toBe('not_admin');
    expect(await storedRole(cy.id)).toBe('user');
  });

  it('answers 404 for an unknown user and 400 for a role that does not exist', async () => {
    expect((await setRole('ada', 'nobody-here', 'admin')).status).toBe(404);
    const bad = await setRole('ada', world.users.cy.id, 'emperor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    const extra = await api('ada', 'PUT', `/api/v1/users/${world.users.cy.id}/role`, { role: 'user', active: false });
    expect(extra.status).toBe(400);
  });

  it('cannot change a role through a replication push, not even the Owner’s', async () => {
    const { cy } = world.users;
    const current = (await world.server.repo.get(world.server.db, 'users', cy.id)) as User;
    for (const person of ['ada', 'cy'] as const) {
      const res = await api(person, 'POST', '/api/v1/replication/users/push', [
        {
          assumedMasterState: { ...current, _deleted: false },
          newDocumentState: { ...current, role: 'owner', _deleted: false },
        },
      ]);
      expect(res.status, person).toBe(200);
      // Refused as a conflict, whoever pushes: users are read-only to replication.
      expect(res.body.conflicts, person).toHaveLength(1);
      expect(await storedRole(cy.id), person).toBe('user');
    }
  });
});
