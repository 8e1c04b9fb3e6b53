import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeUser } from '../../../../../dev/stack/workspace-factory';
import type { WorkspaceRole } from '../../../../../domain/records';
import { indexWorkspace } from '../../../../../domain/workspace-index';
import { screenAccess, visibleAdminScreens } from '../../../../../renderer/src/screens/admin/admin-access';

const people = {
  owner: makeUser({ id: 'u-owner', givenName: 'Olive', familyName: 'Owner', role: 'owner' }),
  admin: makeUser({ id: 'u-admin', role: 'admin' }),
  user: makeUser({ id: 'u-user', role: 'user' }),
  login: makeUser({ id: 'u-login', role: 'loginOnly' }),
  gone: makeUser({ id: 'u-gone', role: 'owner', active: false }),
};
const index = indexWorkspace(makeSnapshot({ users: Object.values(people) }));
const ALL = ['workspace-settings', 'members', 'member', 'teams', 'audit-log', 'orphaned-accounts'];

describe('admin screens in the sidebar', () => {
  it.each<[string, WorkspaceRole | 'deactivated', string[]]>([
    ['u-owner', 'owner', ALL],
    ['u-admin', 'admin', ALL],
    ['u-user', 'user', []],
    ['u-login', 'loginOnly', []],
    ['u-gone', 'deactivated', []],
  ])('%s (%s) sees %j', (id, _role, expected) => {
    expect(visibleAdminScreens(index, id)).toEqual(expected);
  });

  it('shows nothing before the replica knows who is signed in', () => {
    expect(visibleAdminScreens(index, null)).toEqual([]);
  });

  it('explains a closed screen with whom to ask', () => {
    const denied = screenAccess(index, 'u-user', 'audit-log');
    expect(denied).toMatchObject({ allowed: false, reason: 'not_admin' });
    expect(denied.allowed ? '' : denied.message).toBe(
      'Only workspace Admins, Super Admins and Owners can see the audit log. Ask an admin: Olive Owner, Test u-admin.',
    );
    const gone = screenAccess(index, 'u-gone', 'members');
    expect(gone).toMatchObject({ allowed: false, reason: 'user_inactive' });
  });
});
