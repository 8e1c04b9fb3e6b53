/**
 * Personal All-Access Mode is held only by Super Admins and Owners, turned on only by themselves
 * through `PUT /api/v1/me/all-access`, and it reaches nobody else. Attacks through the real HTTP
 * interface: other roles calling the route, no token or a forged one, a replication push of a user
 * record with `allAccess`, and a push of the old workspace-wide switch. Each refusal leaves the
 * store exactly as it was and the attacker's pull shows nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { User } from '../../domain/records';
import { fingerprint } from './support/store-fingerprint';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // Bob is an Admin (no Super Admin), Cy a plain User, Lou Login-only; Ada is the Owner.
  await seedRecords(world.server, { users: [{ ...world.users.bob, role: 'admin' }] });
});
afterAll(async () => {
  await world?.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

async function call(token: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const api = async (person: Person, method: string, path: string, body?: unknown) =>
  call(await world.token(person), method, path, body);

const accountsSeenBy = async (person: Person): Promise<string[]> => {
  const res = await api(person, 'GET', '/api/v1/replication/accounts/pull');
  return (res.body.documents as { id: string; _deleted: boolean }[])
    .filter((d) => !d._deleted)
    .map((d) => d.id)
    .sort();
};

const snapshot = () => fingerprint(world.server.db);

describe('PUT /api/v1/me/all-access', () => {
  it('refuses Admins, Users and Login-only users, whatever the body, and writes nothing', async () => {
    const before = await snapshot();
    for (const person of ['bob', 'cy', 'lou'] as const) {
      for (const body of [{ on: true }, { on: 'yes' }, { on: true, userId: world.users.ada.id }]) {
        const res = await api(person, 'PUT', '/api/v1/me/all-access', body);
        expect(res.status, `${person} ${JSON.stringify(body)}`).toBe(403);
        expect(res.body.error.code).toBe('not_super_admin');
        expect(res.body.error.message).toMatch(
          /^Only workspace Super Admins and Owners can turn All-Access Mode on or off\./,
        );
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(await accountsSeenBy('bob')).toEqual(['acct-shared']);
    expect(await accountsSeenBy('cy')).toEqual([]);
  });

  it('answers 401 without a token or with a forged one, and writes nothing', async () => {
    const before = await snapshot();
    expect((await call(null, 'PUT', '/api/v1/me/all-access', { on: true })).status).toBe(401);
    const forged = `${(await world.token('ada')).slice(0, -8)}AAAAAAAA`;
    expect((await call(forged, 'PUT', '/api/v1/me/all-access', { on: true })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('takes nothing but { on: boolean } from an Owner, and never another user’s record', async () => {
    const before = await snapshot();
    for (const body of [{ on: 'true' }, { on: 1 }, {}, { on: true, userId: world.users.cy.id }]) {
      const res = await api('ada', 'PUT', '/api/v1/me/all-access', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    expect(await snapshot()).toEqual(before);
  });

  it("does not let a deactivated Super Admin turn it on, nor anyone else's mode reach an Admin", async () => {
    await seedRecords(world.server, { users: [{ ...world.users.cy, role: 'superAdmin', active: false }] });
    const before = await snapshot();
    const refused = await api('cy', 'PUT', '/api/v1/me/all-access', { on: true });
    const after = await snapshot();
    await seedRecords(world.server, { users: [world.users.cy] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('user_inactive');
    expect(after).toEqual(before);

    expect((await api('ada', 'PUT', '/api/v1/me/all-access', { on: true })).body).toEqual({ on: true });
    expect(await accountsSeenBy('ada')).toEqual(['acct-in-coll', 'acct-private', 'acct-shared']);
    // The Owner's mode is the Owner's: the Admin and the User see what they saw.
    expect(await accountsSeenBy('bob')).toEqual(['acct-shared']);
    expect(await accountsSeenBy('cy')).toEqual([]);
    expect((await api('ada', 'PUT', '/api/v1/me/all-access', { on: false })).body).toEqual({ on: false });
  });
});

describe('replication cannot turn All-Access Mode on', () => {
  it('refuses a pushed user record with allAccess, even the Owner’s own, and writes nothing', async () => {
    const people = ['ada', 'bob', 'cy'] as const;
    const own = new Map<Person, User>();
    for (const person of people) {
      // Their own record as their replica holds it (a plain member sees no Okta ids).
      const pulled = await api(person, 'GET', '/api/v1/replication/users/pull');
      own.set(person, (pulled.body.documents as User[]).find((u) => u.id === world.users[person].id) as User);
    }
    const before = await snapshot();
    for (const person of people) {
      const target = own.get(person) as User;
      const res = await api(person, 'POST', '/api/v1/replication/users/push', [
        {
          assumedMasterState: target,
          newDocumentState: { ...target, role: 'superAdmin', allAccess: true },
        },
      ]);
      expect(res.status, person).toBe(200);
      expect(res.body.conflicts?.[0]?.reason, person).toBe('read_only_collection');
    }
    expect(await snapshot()).toEqual(before);
    expect(await accountsSeenBy('bob')).toEqual(['acct-shared']);
  });

  it('ignores the old workspace-wide switch in a pushed settings document: nobody sees more', async () => {
    const settings = { ...(await world.server.repo.get(world.server.db, 'settings', 'workspace')), _deleted: false };
    const before = await snapshot();
    for (const person of ['ada', 'bob'] as const) {
      const res = await api(person, 'POST', '/api/v1/replication/settings/push', [
        { assumedMasterState: settings, newDocumentState: { ...settings, allAccessMode: true } },
      ]);
      expect(res.status, person).toBe(200);
    }
    expect(await snapshot()).toEqual(before);
    expect(await world.server.repo.get(world.server.db, 'settings', 'workspace')).not.toHaveProperty('allAccessMode');
    expect(await accountsSeenBy('bob')).toEqual(['acct-shared']);
    expect(await accountsSeenBy('cy')).toEqual([]);
  });
});
