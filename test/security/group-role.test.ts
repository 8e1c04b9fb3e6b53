/**
 * A team gives a workspace role only through `PUT /api/v1/teams/:id/role`, and only an Owner may
 * map one: anyone else is refused before the team is even looked up (an unknown id and a known one
 * answer the same), a team made in the app cannot give a role, and a replication push can write
 * neither a team's mapping nor a user's role given by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeTeam } from '../../dev/stack/workspace-factory';
import type { Team, User } from '../../domain/records';

let world: SyncWorld;
const support = makeTeam({
  id: 'team-support',
  displayName: 'Support',
  oktaGroupId: '00gSupport0000000000',
  memberIds: [],
});

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  await seedRecords(world.server, {
    // Cy is an Admin by hand: high enough to change some roles, never to map a team.
    users: [{ ...world.users.cy, role: 'admin', manualRole: 'admin' }],
    teams: [{ ...support, memberIds: [world.users.bob.id] }],
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

async function api(person: Person | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      ...(person === null ? {} : { authorization: `Bearer ${await world.token(person)}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const mapRole = (person: Person | null, teamId: string, body: unknown) =>
  api(person, 'PUT', `/api/v1/teams/${teamId}/role`, body);
const stored = async <T>(collection: 'users' | 'teams', id: string) =>
  (await world.server.repo.get(world.server.db, collection, id)) as T;

describe('mapping an Okta team to a workspace role', () => {
  it('refuses everyone but an Owner, before looking the team up, and writes nothing', async () => {
    for (const person of ['cy', 'bob', 'lou'] as const) {
      for (const teamId of [support.id, 'no-such-team']) {
        const res = await mapRole(person, teamId, { role: 'owner' });
        expect(res.status, `${person} ${teamId}`).toBe(403);
        expect(res.body.error.code, person).toBe('not_workspace_owner');
      }
      // A body that is not even valid gets the same answer: the body is read after the decision.
      expect((await mapRole(person, support.id, { role: 'emperor', extra: 1 })).status).toBe(403);
    }
    expect((await mapRole(null, support.id, { role: 'owner' })).status).toBe(401);
    expect((await stored<Team>('teams', support.id)).mappedRole).toBeNull();
    expect((await stored<User>('users', world.users.bob.id)).role).toBe('user');
  });

  it('lets the Owner map an Okta team (members follow), and refuses a team made in the app', async () => {
    const res = await mapRole('ada', support.id, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      team: { id: support.id, mappedRole: 'admin' },
      changedUserIds: [world.users.bob.id],
    });
    expect(await stored<User>('users', world.users.bob.id)).toMatchObject({ role: 'admin', manualRole: 'user' });

    // Ops was made in the app: no Okta group decides who is in it, so it gives no role.
    const ops = await mapRole('ada', 'team-ops', { role: 'admin' });
    expect(ops.status).toBe(409);
    expect(ops.body.error.code).toBe('team_not_from_okta');
    expect((await stored<Team>('teams', 'team-ops')).mappedRole).toBeNull();
    expect((await stored<User>('users', world.users.lou.id)).role).toBe('loginOnly');

    expect((await mapRole('ada', 'no-such-team', { role: 'admin' })).status).toBe(404);
    expect((await mapRole('ada', support.id, { role: 'emperor' })).status).toBe(400);
    expect((await mapRole('ada', support.id, { role: 'user', memberIds: [] })).status).toBe(400);
  });

  it('cannot map a team or set a role by hand through a replication push, not even the Owner’s', async () => {
    const team = await stored<Team>('teams', 'team-ops');
    const cy = await stored<User>('users', world.users.cy.id);
    for (const person of ['ada', 'cy'] as const) {
      const teams = await api(person, 'POST', '/api/v1/replication/teams/push', [
        {
          assumedMasterState: { ...team, _deleted: false },
          newDocumentState: { ...team, oktaGroupId: '00gForged00000000000', mappedRole: 'owner', _deleted: false },
        },
      ]);
      expect(teams.status, person).toBe(200);
      expect(teams.body.conflicts, person).toHaveLength(1);
      const users = await api(person, 'POST', '/api/v1/replication/users/push', [
        {
          assumedMasterState: { ...cy, _deleted: false },
          newDocumentState: { ...cy, manualRole: 'owner', role: 'owner', _deleted: false },
        },
      ]);
      expect(users.status, person).toBe(200);
      expect(users.body.conflicts, person).toHaveLength(1);
    }
    expect(await stored<Team>('teams', 'team-ops')).toMatchObject({ oktaGroupId: null, mappedRole: null });
    expect(await stored<User>('users', world.users.cy.id)).toMatchObject({ role: 'admin', manualRole: 'admin' });
  });

  it('a role set by hand below the mapping keeps the mapped role, and the answer says why', async () => {
    const { bob } = world.users;
    const res = await api('ada', 'PUT', `/api/v1/users/${bob.id}/role`, { role: 'loginOnly' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'admin', manualRole: 'loginOnly' });
    expect(res.body.notice).toMatch(/stays Admin while in the Okta group Support, which gives Admin/);
    // Unmapping falls back to the role set by hand.
    const off = await mapRole('ada', support.id, { role: null });
    expect(off.status).toBe(200);
    expect(await stored<User>('users', bob.id)).toMatchObject({ role: 'loginOnly', manualRole: 'loginOnly' });
  });
});
