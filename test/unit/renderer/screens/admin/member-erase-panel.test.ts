import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeUser } from '../../../../dev/stack/workspace-factory';
import { erasedUser } from '../../../../domain/user-erasure';
import { indexWorkspace } from '../../../../domain/workspace-index';
import { inactiveNote } from '../../../../renderer/src/screens/admin/member-details-screen';
import { confirmsErase } from '../../../../renderer/src/screens/admin/member-erase-panel';
import { filterMembers, memberRows, memberStatus } from '../../../../renderer/src/screens/admin/member-rows';
import { describeEntry } from '../../../../renderer/src/screens/audit/audit-text';

const AT = '2026-12-05T06:00:00.000Z';
const dee = makeUser({ id: 'dee', userName: 'Dee@x.test', givenName: 'Dee', familyName: 'Dormant', active: false });
const gone = erasedUser(makeUser({ id: 'gone', userName: 'gone@x.test', givenName: 'Gone', active: false }), AT);

describe('permanent deletion in the members screens', () => {
  it('asks for the e-mail (any case) or DELETE, nothing else', () => {
    expect(confirmsErase('dee@x.test', dee)).toBe(true);
    expect(confirmsErase('  DEE@X.TEST ', dee)).toBe(true);
    expect(confirmsErase('DELETE', dee)).toBe(true);
    expect(confirmsErase('delete', dee)).toBe(false);
    expect(confirmsErase('dee@x.tes', dee)).toBe(false);
    expect(confirmsErase('', dee)).toBe(false);
  });

  it('shows an erased member as "Deleted user", status Deleted, with no e-mail to search', () => {
    const snapshot = makeSnapshot({ users: [dee, gone] });
    const rows = memberRows(indexWorkspace(snapshot), snapshot.users, []);
    expect(memberStatus(gone)).toBe('Deleted');
    expect(rows.find((r) => r.id === 'gone')).toMatchObject({ name: 'Deleted user', email: '', status: 'Deleted' });
    expect(filterMembers(rows, 'gone', 'all').map((r) => r.id)).toEqual([]);
    expect(filterMembers(rows, '', 'inactive').map((r) => r.id)).toEqual(['dee', 'gone']);
  });

  it('says what reactivation gives back: the role, no shares, teams only when Okta pushes them', () => {
    expect(inactiveNote('Deactivated', { role: 'admin' })).toBe(
      'Deactivated in Okta: this member has lost all access to Latchkey accounts. If Okta reactivates this user, they get no access back: owners must share again. They rejoin teams pushed from Okta only when Okta pushes the group membership again. They keep their workspace role (Admin).',
    );
    expect(inactiveNote('Removed', { role: 'user' })).toMatch(/they come back as a new member with no access/);
    expect(inactiveNote('Deleted', { role: 'user' })).toMatch(/^This user's data was permanently deleted\./);
  });

  it('names the erasure in the audit log', () => {
    const line = describeEntry(
      {
        id: 'a1',
        at: AT,
        kind: 'change',
        action: 'user.erase',
        actorType: 'user',
        actorId: 'u-ada',
        deviceId: null,
        collection: 'users',
        recordId: 'gone',
        fields: ['erasedAt', 'userName'],
        reason: null,
      },
      {
        user: (id) => ({ 'u-ada': 'Ada Lovelace', gone: 'Deleted user' })[id],
        team: () => undefined,
        account: () => undefined,
        collection: () => undefined,
        share: () => undefined,
      },
    );
    expect(line).toEqual({
      who: 'Ada Lovelace',
      sentence: 'Ada Lovelace permanently deleted the data of Deleted user.',
    });
  });
});
