import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../dev/stack/workspace-factory';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../../domain/records';
import { checkKeepsAnOwner, roleOnProvision } from '../../../domain/workspace-roles';

describe('workspace roles', () => {
  it('refuses to demote the last active Owner, and allows it once another Owner exists', () => {
    const ada = makeUser({ id: 'ada', role: 'owner' });
    const bob = makeUser({ id: 'bob', role: 'user' });
    expect(checkKeepsAnOwner([ada, bob], 'ada', 'admin')).toMatchObject({ ok: false, reason: 'last_owner' });
    expect(checkKeepsAnOwner([ada, { ...bob, role: 'owner', manualRole: 'owner' }], 'ada', 'admin')).toEqual({
      ok: true,
    });
    // A deactivated Owner is no Owner: Ada is still the last one.
    expect(
      checkKeepsAnOwner([ada, { ...bob, role: 'owner', manualRole: 'owner', active: false }], 'ada', 'user'),
    ).toMatchObject({
      ok: false,
    });
  });

  it('never lets a sequence of allowed role changes leave a workspace with an Owner without one', () => {
    const role = fc.constantFrom<WorkspaceRole>(...WORKSPACE_ROLES);
    fc.assert(
      fc.property(
        fc.array(role, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), role), { maxLength: 30 }),
        (initial, changes) => {
          let users = initial.map((r, i) => makeUser({ id: `u${i}`, role: i === 0 ? 'owner' : r }));
          for (const [pick, next] of changes) {
            const target = users[pick % users.length] as (typeof users)[number];
            if (checkKeepsAnOwner(users, target.id, next).ok) {
              users = users.map((u) => (u.id === target.id ? { ...u, role: next, manualRole: next } : u));
            }
            expect(users.some((u) => u.role === 'owner')).toBe(true);
          }
        },
      ),
    );
  });

  it('makes the named first Owner an Owner only while the workspace has none', () => {
    const nobody = [makeUser({ id: 'bob', role: 'admin' })];
    expect(roleOnProvision(nobody, 'Ada@Example.com', 'ada@example.com')).toBe('owner');
    expect(roleOnProvision(nobody, 'cy@example.com', 'ada@example.com')).toBe('user');
    expect(roleOnProvision(nobody, 'ada@example.com', undefined)).toBe('user');
    expect(roleOnProvision([makeUser({ id: 'zed', role: 'owner' })], 'ada@example.com', 'ada@example.com')).toBe(
      'user',
    );
  });
});
