import { describe, expect, it } from 'vitest';
import { inactiveNote } from '../../../../../renderer/src/screens/admin/member-details-screen';

describe('permanent deletion in the members screens', () => {
  it('says what reactivation gives back: the role, no shares, teams only when Okta pushes them', () => {
    expect(inactiveNote('Deactivated', { role: 'admin' })).toBe(
      'Deactivated in Okta: this member has lost all access to Latchkey accounts. If Okta reactivates this user, they get no access back: owners must share again. They rejoin teams pushed from Okta only when Okta pushes the group membership again. They keep their workspace role (Admin).',
    );
    expect(inactiveNote('Removed', { role: 'user' })).toMatch(/they come back as a new member with no access/);
    expect(inactiveNote('Deleted', { role: 'user' })).toMatch(/^This user's data was permanently deleted\./);
  });
});
