import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTeam, makeUser } from '../../../../dev/stack/workspace-factory';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../../../domain/records';
import { groupRoleNotice, groupRoleText } from '../../../../domain/role-change';
import { hasWorkspaceRole } from '../../../../domain/workspace-index';
import {
  checkKeepsAnOwner,
  effectiveWorkspaceRole,
  winningGroupRole,
  withGroupRole,
} from '../../../../domain/workspace-roles';

const role = fc.constantFrom<WorkspaceRole>(...WORKSPACE_ROLES);

describe('role from an Okta group', () => {
  it('gives the highest of the role set by hand and every mapping', () => {
    expect(effectiveWorkspaceRole('user', [])).toBe('user');
    expect(effectiveWorkspaceRole('user', ['admin'])).toBe('admin');
    expect(effectiveWorkspaceRole('user', ['admin', 'superAdmin', 'loginOnly'])).toBe('superAdmin');
    expect(effectiveWorkspaceRole('owner', ['admin'])).toBe('owner');
    expect(effectiveWorkspaceRole('admin', ['loginOnly'])).toBe('admin');
  });

  it('never gives less than the role set by hand, and always at least every mapping', () => {
    fc.assert(
      fc.property(role, fc.array(role, { maxLength: 6 }), (manual, mapped) => {
        const effective = effectiveWorkspaceRole(manual, mapped);
        expect(hasWorkspaceRole(effective, manual)).toBe(true);
        for (const m of mapped) expect(hasWorkspaceRole(effective, m)).toBe(true);
        expect([manual, ...mapped]).toContain(effective);
      }),
    );
  });

  it('adding a mapping never lowers anyone; removing a membership falls back to the highest remaining', () => {
    fc.assert(
      fc.property(role, fc.array(role, { maxLength: 6 }), role, (manual, mapped, added) => {
        const before = effectiveWorkspaceRole(manual, mapped);
        const after = effectiveWorkspaceRole(manual, [...mapped, added]);
        expect(hasWorkspaceRole(after, before)).toBe(true);
        // Leaving the team that was added gives exactly what the others give.
        expect(effectiveWorkspaceRole(manual, mapped)).toBe(before);
      }),
    );
  });

  it('counts only mapped teams the user is a member of, and says which one wins', () => {
    const bob = makeUser({ id: 'bob', givenName: 'Bob', familyName: 'Lee', role: 'user' });
    const support = makeTeam({
      id: 'support',
      displayName: 'Support',
      oktaGroupId: '00gSupport',
      memberIds: ['bob'],
      mappedRole: 'admin',
    });
    const unmapped = makeTeam({ id: 'unmapped', displayName: 'Ops', oktaGroupId: '00gOps', memberIds: ['bob'] });
    const other = makeTeam({ id: 'other', oktaGroupId: '00gOther', memberIds: ['ann'], mappedRole: 'owner' });
    const moved = withGroupRole(bob, [support, unmapped, other]);
    expect(moved).toMatchObject({ role: 'admin', manualRole: 'user' });
    expect(winningGroupRole(moved, [support, unmapped, other])).toMatchObject({ teamName: 'Support', role: 'admin' });
    expect(groupRoleNotice(moved, [support])).toBe(
      'Bob Lee stays Admin while in the Okta group Support, which gives Admin.',
    );
    expect(groupRoleText(moved, [support])).toBe(
      'Role from Okta group Support: Admin (overrides the role set by hand: User)',
    );
    // Left the group in Okta: back to the role set by hand.
    expect(withGroupRole(moved, [{ ...support, memberIds: [] }]).role).toBe('user');
    // Nothing to say when the role set by hand is as high.
    expect(groupRoleNotice({ ...moved, manualRole: 'admin' }, [support])).toBeNull();
    expect(withGroupRole(bob, [])).toBe(bob);
  });

  it('keeps an Owner by hand: only Owners by hand count towards the last Owner', () => {
    const ada = makeUser({ id: 'ada', role: 'owner' });
    // Bob is Owner only through an Okta group, which Okta may take away at any time.
    const bob = { ...makeUser({ id: 'bob', role: 'user' }), role: 'owner' as const };
    expect(checkKeepsAnOwner([ada, bob], 'ada', 'admin')).toMatchObject({ ok: false, reason: 'last_owner' });
    // Whatever the groups then do, an Owner by hand stays Owner.
    fc.assert(
      fc.property(fc.array(role, { maxLength: 5 }), (mapped) => {
        expect(effectiveWorkspaceRole('owner', mapped)).toBe('owner');
      }),
    );
  });
});
