/**
 * `GET /api/v1/me` names the caller and nobody else. Attacks through the real HTTP interface: no
 * token or a forged one, an Okta user who is not provisioned, a deactivated member, and attempts
 * to steer the answer to someone else's record (a query parameter, an extra path segment). The
 * answer never carries the Okta id, which members below Admin may not see, and reading it writes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { fingerprint } from './support/store-fingerprint';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

async function call(token: string | null, path: string): Promise<Answer> {
  const res = await fetch(`${world.server.url}${path}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const me = async (person: Person, path = '/api/v1/me') => call(await world.token(person), path);

describe('GET /api/v1/me', () => {
  it('answers every member with their own record, Login-only included, without the Okta id', async () => {
    for (const person of ['ada', 'bob', 'cy', 'lou'] as const) {
      const user = world.users[person];
      const res = await me(person);
      expect(res.status, person).toBe(200);
      expect(res.body).toEqual({
        id: user.id,
        userName: user.userName,
        givenName: user.givenName,
        familyName: user.familyName,
        role: user.role,
        allAccess: false,
      });
    }
  });

  it('cannot be steered to another user by a query or a path', async () => {
    const steered = await me('cy', `/api/v1/me?userId=${world.users.ada.id}&id=${world.users.ada.id}`);
    expect(steered.status).toBe(200);
    expect(steered.body.id).toBe(world.users.cy.id);
    const byPath = await me('cy', `/api/v1/me/${world.users.ada.id}`);
    expect(byPath.status).toBe(404);
    expect(JSON.stringify(byPath.body)).not.toContain('ada@example.com');
  });

  it('answers 401 without a token or with a forged one, naming nobody', async () => {
    const none = await call(null, '/api/v1/me');
    const forged = await call(`${(await world.token('ada')).slice(0, -8)}AAAAAAAA`, '/api/v1/me');
    for (const res of [none, forged]) {
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain('@example.com');
    }
  });

  it('refuses an Okta user who is not provisioned, and a deactivated member', async () => {
    const stranger = await me('zed');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('user_not_provisioned');
    await seedRecords(world.server, { users: [{ ...world.users.cy, active: false }] });
    const inactive = await me('cy');
    await seedRecords(world.server, { users: [world.users.cy] });
    expect(inactive.status).toBe(403);
    expect(inactive.body.error.code).toBe('user_inactive');
    expect(JSON.stringify(inactive.body)).not.toContain(world.users.cy.id);
  });

  it('writes nothing', async () => {
    const before = await fingerprint(world.server.db);
    for (const person of ['ada', 'bob', 'cy', 'lou', 'zed'] as const) await me(person);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });
});
