import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSettings, makeUser } from '../../../dev/stack/workspace-factory';
import { type User, WORKSPACE_ROLES, type WorkspaceRole } from '../../../domain/records';
import { decideRoleChange } from '../../../domain/role-change';
import { indexWorkspace, type WorkspaceIndex } from '../../../domain/workspace-index';

function workspaceOf(users: User[]): WorkspaceIndex {
  return indexWorkspace({ settings: makeSettings(), users, teams: [], collections: [], accounts: [], shares: [] });
}

/** What each actor role may give, as the product states it (not derived from the code). */
const MAY_GIVE: Record<WorkspaceRole, WorkspaceRole[]> = {
  owner: ['owner', 'superAdmin', 'admin', 'user', 'loginOnly'],
  superAdmin: ['admin', 'user', 'loginOnly'],
  admin: ['user', 'loginOnly'],
  user: [],
  loginOnly: [],
};

type Row = [WorkspaceRole, WorkspaceRole, WorkspaceRole];
const ROWS: Row[] = WORKSPACE_ROLES.flatMap((actor) =>
  WORKSPACE_ROLES.flatMap((target) => WORKSPACE_ROLES.map((next): Row => [actor, target, next])),
);

describe('decideRoleChange', () => {
  it.each(ROWS)('a %s changing a %s to %s', (actorRole, targetRole, next) => {
    // Two bystander Owners, so the last-Owner rule never decides these rows.
    const ws = workspaceOf([
      makeUser({ id: 'olga', givenName: 'Olga', familyName: 'Owner', role: 'owner' }),
      makeUser({ id: 'otto', givenName: 'Otto', familyName: 'Owner', role: 'owner' }),
      makeUser({ id: 'actor', role: actorRole }),
      makeUser({ id: 'target', role: targetRole }),
    ]);
    const decision = decideRoleChange(ws, 'actor', 'target', next);
    if (actorRole === 'user' || actorRole === 'loginOnly') {
      expect(decision).toMatchObject({ allowed: false, reason: 'not_admin' });
    } else if (MAY_GIVE[actorRole].includes(targetRole) && MAY_GIVE[actorRole].includes(next)) {
      expect(decision).toEqual({ allowed: true });
    } else {
      expect(decision).toMatchObject({ allowed: false, reason: 'role_above_actor' });
    }
    if (!decision.allowed) expect(decision.message).toMatch(/^[A-Z].+\.$/);
  });

  it.each(WORKSPACE_ROLES.flatMap((role) => WORKSPACE_ROLES.map((next) => [role, next] as const)))(
    'a %s cannot change their own role (to %s)',
    (role, next) => {
      const ws = workspaceOf([
        makeUser({ id: 'olga', givenName: 'Olga', familyName: 'Owner', role: 'owner' }),
        makeUser({ id: 'me', role }),
      ]);
      const decision = decideRoleChange(ws, 'me', 'me', next);
      const expected = role === 'user' || role === 'loginOnly' ? 'not_admin' : 'self_role_change';
      expect(decision).toMatchObject({ allowed: false, reason: expected });
      if (expected === 'self_role_change') expect(decision).toMatchObject({ message: /Ask an Owner: Olga Owner\.$/ });
    },
  );

  it('tells the last Owner demoting themselves to make someone else Owner first', () => {
    const ws = workspaceOf([makeUser({ id: 'olga', role: 'owner' }), makeUser({ id: 'bob', role: 'user' })]);
    const decision = decideRoleChange(ws, 'olga', 'olga', 'admin');
    expect(decision).toMatchObject({ allowed: false, reason: 'last_owner' });
    if (!decision.allowed) expect(decision.message).toContain('last Owner');
  });

  it('lets an Owner demote another Owner, while a deactivated Owner counts for nothing', () => {
    const ws = workspaceOf([makeUser({ id: 'olga', role: 'owner' }), makeUser({ id: 'otto', role: 'owner' })]);
    expect(decideRoleChange(ws, 'olga', 'otto', 'user')).toEqual({ allowed: true });
    const dormant = workspaceOf([
      makeUser({ id: 'olga', role: 'owner', active: false }),
      makeUser({ id: 'otto', role: 'owner' }),
    ]);
    expect(decideRoleChange(dormant, 'olga', 'otto', 'user')).toMatchObject({
      allowed: false,
      reason: 'user_inactive',
    });
  });

  it('refuses members who are gone, and people who are not members', () => {
    const ws = workspaceOf([
      makeUser({ id: 'olga', role: 'owner' }),
      makeUser({ id: 'rita', removedAt: '2026-02-01T00:00:00.000Z' }),
    ]);
    expect(decideRoleChange(ws, 'olga', 'rita', 'admin')).toMatchObject({ reason: 'target_unknown' });
    expect(decideRoleChange(ws, 'olga', 'nobody', 'admin')).toMatchObject({ reason: 'target_unknown' });
    expect(decideRoleChange(ws, 'ghost', 'olga', 'admin')).toMatchObject({ reason: 'user_unknown' });
  });

  it('never lets any sequence of allowed changes leave the workspace without an active Owner, or raise anyone above their changer', () => {
    const role = fc.constantFrom<WorkspaceRole>(...WORKSPACE_ROLES);
    fc.assert(
      fc.property(
        fc.array(role, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), role), { maxLength: 30 }),
        (initial, changes) => {
          let users = initial.map((r, i) => makeUser({ id: `u${i}`, role: i === 0 ? 'owner' : r }));
          for (const [pickActor, pickTarget, next] of changes) {
            const actor = users[pickActor % users.length] as User;
            const target = users[pickTarget % users.length] as User;
            const decision = decideRoleChange(workspaceOf(users), actor.id, target.id, next);
            if (decision.allowed) {
              expect(actor.id).not.toBe(target.id);
              expect(MAY_GIVE[actor.role]).toContain(next);
              expect(MAY_GIVE[actor.role]).toContain(target.role);
              users = users.map((u) => (u.id === target.id ? { ...u, role: next } : u));
            }
            expect(users.some((u) => u.active && u.role === 'owner')).toBe(true);
          }
        },
      ),
    );
  });
});
