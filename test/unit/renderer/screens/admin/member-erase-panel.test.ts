import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../../../dev/stack/workspace-factory';
import { confirmsErase } from '../../../../../renderer/src/screens/admin/member-erase-panel';

const dee = makeUser({ id: 'dee', userName: 'Dee@x.test', givenName: 'Dee', familyName: 'Dormant', active: false });

describe('permanent deletion in the members screens', () => {
  it('asks for the e-mail (any case) or DELETE, nothing else', () => {
    expect(confirmsErase('dee@x.test', dee)).toBe(true);
    expect(confirmsErase('  DEE@X.TEST ', dee)).toBe(true);
    expect(confirmsErase('DELETE', dee)).toBe(true);
    expect(confirmsErase('delete', dee)).toBe(false);
    expect(confirmsErase('dee@x.tes', dee)).toBe(false);
    expect(confirmsErase('', dee)).toBe(false);
  });
});
