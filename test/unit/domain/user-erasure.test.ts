import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../dev/stack/workspace-factory';
import { User } from '../../../domain/records';
import {
  decideErase,
  ERASED_USER_NAME,
  erasedUser,
  erasedUserName,
  personalTermsOf,
  scrubJson,
  scrubText,
} from '../../../domain/user-erasure';
import { displayName } from '../../../domain/workspace-index';

const AT = '2026-12-05T06:00:00.000Z';
const bob = makeUser({
  id: 'user-bob',
  userName: 'Bob.Builder@example.com',
  givenName: 'Bob',
  familyName: 'Builder',
  role: 'admin',
  externalId: '00ubob00000000000002',
  active: false,
});

describe('decideErase', () => {
  it('erases a user Okta deactivated, and one Okta removed', () => {
    expect(decideErase('owner-1', bob)).toEqual({ kind: 'erase', user: bob });
    const removed = { ...bob, active: false, removedAt: AT };
    expect(decideErase('owner-1', removed)).toEqual({ kind: 'erase', user: removed });
  });

  it('refuses an active user, with the way forward', () => {
    const decision = decideErase('owner-1', { ...bob, active: true });
    expect(decision).toMatchObject({ kind: 'refused', reason: 'user_still_active' });
    if (decision.kind === 'refused') expect(decision.message).toMatch(/^Deactivate this user in Okta first\./);
  });

  it('refuses the Owner erasing themselves, even when the record says deactivated', () => {
    expect(decideErase(bob.id, bob)).toMatchObject({ kind: 'refused', reason: 'erase_self' });
  });

  it('refuses an unknown user and has nothing more to do for an erased one', () => {
    expect(decideErase('owner-1', undefined)).toMatchObject({ kind: 'refused', reason: 'user_unknown_target' });
    expect(decideErase('owner-1', erasedUser(bob, AT))).toEqual({ kind: 'done', user: erasedUser(bob, AT) });
  });
});

describe('erasedUser', () => {
  it('keeps the id and nothing that names the person, and is a valid user record', () => {
    const tomb = erasedUser(bob, AT);
    expect(User.parse(tomb)).toEqual(tomb);
    expect(tomb).toEqual({
      id: 'user-bob',
      userName: 'user-bob@erased.invalid',
      givenName: 'Deleted',
      familyName: 'user',
      role: 'user',
      manualRole: 'user',
      active: false,
      externalId: null,
      removedAt: AT,
      allAccess: false,
      erasedAt: AT,
      updatedAt: AT,
    });
    expect(JSON.stringify(tomb)).not.toMatch(/bob\.builder|Builder|00ubob/i);
  });

  it('keeps the time Okta removed the user', () => {
    expect(erasedUser({ ...bob, removedAt: '2026-01-01T00:00:00.000Z' }, AT).removedAt).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('is shown as "Deleted user"', () => {
    expect(displayName(erasedUser(bob, AT))).toBe(ERASED_USER_NAME);
    expect(displayName(bob)).toBe('Bob Builder');
  });
});

describe('scrubbing stored text', () => {
  const terms = personalTermsOf(bob);

  it('replaces the e-mail inside text, in any case, and whole-string names', () => {
    expect(scrubText('assignment of bob.builder@EXAMPLE.com failed', terms)).toBe(
      `assignment of ${erasedUserName('user-bob')} failed`,
    );
    expect(scrubText('Bob Builder', terms)).toBe(erasedUserName('user-bob'));
    expect(scrubText('Bob', terms)).toBe(erasedUserName('user-bob'));
    // A name is a common word: only a whole string is taken for it.
    expect(scrubText('Bobsleigh account', terms)).toBe('Bobsleigh account');
  });

  it('walks an audit detail: values, nested values and keys, leaving ids and numbers', () => {
    const detail = {
      userName: 'bob.builder@example.com',
      removedShareIds: ['sh-1'],
      nested: { okta: '00ubob00000000000002', count: 2, ok: true, none: null },
      'bob.builder@example.com': 'key',
    };
    const out = scrubJson(detail, terms);
    expect(JSON.stringify(out)).not.toMatch(/bob\.builder|00ubob/i);
    expect(out).toEqual({
      userName: 'user-bob@erased.invalid',
      removedShareIds: ['sh-1'],
      nested: { okta: 'user-bob@erased.invalid', count: 2, ok: true, none: null },
      'user-bob@erased.invalid': 'key',
    });
  });

  it('never scrubs the id the kept rows point at, even when a name equals it', () => {
    const odd = personalTermsOf({ ...bob, familyName: 'user-bob' });
    expect(scrubJson({ subject: 'user-bob', family: 'USER-BOB' }, odd)).toEqual({
      subject: 'user-bob',
      family: 'USER-BOB',
    });
  });

  it('treats a key named __proto__ as data, not as the prototype', () => {
    const out = scrubJson(JSON.parse('{"__proto__": {"x": "Bob"}}'), terms) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 'user-bob@erased.invalid' });
  });
});
