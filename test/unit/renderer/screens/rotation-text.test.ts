import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../../dev/stack/workspace-factory';
import type { User } from '../../../../domain/records';
import {
  departedNames,
  listNames,
  rotationBanner,
  rotationNotice,
} from '../../../../renderer/src/screens/rotation-text';

const ann = makeUser({ id: 'ann', givenName: 'Ann', familyName: 'Lee', active: false });
const bob = makeUser({ id: 'bob', givenName: 'Bob', familyName: 'Stone', active: false });
const erased = makeUser({
  id: 'gone',
  givenName: 'Erased',
  familyName: 'Person',
  erasedAt: '2026-03-01T00:00:00.000Z',
});
const users = new Map<string, User>([ann, bob, erased].map((u) => [u.id, u]));

describe('rotation banner', () => {
  it('names who left and when', () => {
    const text = rotationBanner(
      { rotationRequiredAt: '2026-02-03T12:00:00.000Z', rotationDepartedUserIds: ['ann', 'bob'] },
      users,
      'en-GB',
    );
    expect(text).toBe(
      'Password rotation required: Ann Lee and Bob Stone left the workspace on 3 February 2026. Change the password to clear this.',
    );
  });

  it('calls an unknown or erased user a former member, never by name', () => {
    expect(departedNames(['ann', 'nobody'], users)).toEqual(['Ann Lee', 'a former member']);
    expect(departedNames(['gone'], users)).toEqual(['a former member']);
    expect(departedNames(['gone', 'nobody'], users)).toEqual(['2 former members']);
  });

  it('still explains a mark from before departures were recorded', () => {
    expect(rotationBanner({ rotationRequiredAt: null, rotationDepartedUserIds: [] }, users)).toBe(
      'Password rotation required: Someone with access left the workspace. Change the password to clear this.',
    );
  });

  it('lists names as a sentence and counts the notice', () => {
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(rotationNotice(1)).toBe('1 account needs a new password');
    expect(rotationNotice(3)).toBe('3 accounts need a new password');
  });
});
