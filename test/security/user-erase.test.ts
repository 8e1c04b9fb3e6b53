/**
 * Permanent deletion cannot be turned against people: only an Owner may ask, a refused caller
 * learns nothing about which ids exist (the answer is the same, decided before the lookup), and
 * nobody is erased while Okta still has them active, nor can an Owner erase themselves. Every
 * refusal leaves the store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { User } from '../../domain/records';
import { fingerprint } from './support/store-fingerprint';

let world: SyncWorld;
let dora: User;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // Cy is a Super Admin, Bob an Admin: the two roles nearest to Owner, both refused.
  // Dora is a member Okta deactivated: the one user who may be erased.
  const { bob, cy } = world.users;
  dora = { ...bob, id: 'user-dora', userName: 'dora@example.com', givenName: 'Dora', externalId: null, active: false };
  await seedRecords(world.server, {
    users: [{ ...bob, role: 'admin' }, { ...cy, role: 'superAdmin' }, dora],
  });
});
afterAll(async () => {
  await world?.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

async function erase(id: string, authorization: string | null): Promise<Answer> {
  const res = await fetch(`${world.server.url}/api/v1/users/${id}/erase`, {
    method: 'POST',
    headers: authorization === null ? {} : { authorization },
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const as = async (person: Person) => `Bearer ${await world.token(person)}`;

describe('POST /api/v1/users/:id/erase refuses', () => {
  it('everyone but an Owner, with one answer for an existing, an unknown and a malformed id', async () => {
    const before = await fingerprint(world.server.db);
    for (const person of ['bob', 'cy', 'lou'] as const) {
      const answers = [];
      for (const id of [dora.id, world.users.ada.id, 'no-such-user', '..%2F..%2Fscim']) {
        answers.push(await erase(id, await as(person)));
      }
      for (const a of answers) {
        expect(a.status, person).toBe(403);
        expect(a.body.error.code, person).toBe('not_workspace_owner');
      }
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size, person).toBe(1);
    }
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('a request without a token or with a forged one', async () => {
    const before = await fingerprint(world.server.db);
    expect((await erase(dora.id, null)).status).toBe(401);
    const forged = `${(await as('ada')).slice(0, -6)}AAAAAA`;
    expect((await erase(dora.id, forged)).status).toBe(401);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('erasing a user Okta still has active, with the way forward', async () => {
    const before = await fingerprint(world.server.db);
    const res = await erase(world.users.bob.id, await as('ada'));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('user_still_active');
    expect(res.body.error.message).toMatch(/^Deactivate this user in Okta first\./);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('an Owner erasing themselves', async () => {
    const before = await fingerprint(world.server.db);
    const res = await erase(world.users.ada.id, await as('ada'));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('erase_self');
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('nothing more: an Owner erases the deactivated user, once', async () => {
    expect((await erase('no-such-user', await as('ada'))).status).toBe(404);
    const res = await erase(dora.id, await as('ada'));
    expect(res.status).toBe(200);
    const stored = (await world.server.repo.get(world.server.db, 'users', dora.id)) as User;
    expect(stored.userName).toBe('user-dora@erased.invalid');
  });
});
