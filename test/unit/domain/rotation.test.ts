import { describe, expect, it } from 'vitest';
import { makeAccount, makeCredentials } from '../../../dev/stack/workspace-factory';
import { MAX_DEPARTED_USER_IDS } from '../../../domain/records';
import { flagForRotation, isPasswordRotation, rotatedAccount } from '../../../domain/rotation';

const AT = '2026-03-04T05:06:07.000Z';
const EARLIER = '2026-02-01T00:00:00.000Z';

describe('flagForRotation', () => {
  it('marks a clear account with the time and the departed user', () => {
    const flagged = flagForRotation(makeAccount({ id: 'a' }), 'ann', AT);
    expect(flagged).toMatchObject({ rotationRequired: true, rotationRequiredAt: AT, rotationDepartedUserIds: ['ann'] });
  });

  it('keeps the first time and adds each departed user once', () => {
    const once = flagForRotation(makeAccount({ id: 'a' }), 'ann', EARLIER);
    const twice = flagForRotation(flagForRotation(once, 'bob', AT), 'ann', AT);
    expect(twice.rotationRequiredAt).toBe(EARLIER);
    expect(twice.rotationDepartedUserIds).toEqual(['ann', 'bob']);
  });

  it('starts afresh after a rotation cleared the mark', () => {
    const cleared = rotatedAccount(flagForRotation(makeAccount({ id: 'a' }), 'ann', EARLIER));
    expect(flagForRotation(cleared, 'bob', AT)).toMatchObject({
      rotationRequiredAt: AT,
      rotationDepartedUserIds: ['bob'],
    });
  });

  it('names at most the latest departures the record holds', () => {
    const many = Array.from({ length: MAX_DEPARTED_USER_IDS }, (_, i) => `u${i}`);
    const full = {
      ...makeAccount({ id: 'a' }),
      rotationRequired: true,
      rotationRequiredAt: EARLIER,
      rotationDepartedUserIds: many,
    };
    const ids = flagForRotation(full, 'last', AT).rotationDepartedUserIds;
    expect(ids).toHaveLength(MAX_DEPARTED_USER_IDS);
    expect(ids.at(-1)).toBe('last');
    expect(ids).not.toContain('u0');
  });
});

describe('isPasswordRotation', () => {
  const before = makeCredentials('a', { password: 'old', totpSecret: null });
  it('is a new password', () => {
    expect(isPasswordRotation(before, { ...before, password: 'new' })).toBe(true);
    expect(isPasswordRotation(null, { ...before, password: 'new' })).toBe(true);
  });
  it('is not a TOTP-only change, an empty password or a deletion', () => {
    expect(isPasswordRotation(before, { ...before, totpSecret: 'JBSWY3DPEHPK3PXP' })).toBe(false);
    expect(isPasswordRotation(before, { ...before, password: '' })).toBe(false);
    expect(isPasswordRotation(before, null)).toBe(false);
  });
});

describe('rotatedAccount', () => {
  it('clears the mark, its time and the departed users', () => {
    const flagged = flagForRotation(makeAccount({ id: 'a' }), 'ann', AT);
    expect(rotatedAccount(flagged)).toMatchObject({
      rotationRequired: false,
      rotationRequiredAt: null,
      rotationDepartedUserIds: [],
    });
  });
});
