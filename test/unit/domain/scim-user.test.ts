import { describe, expect, it } from 'vitest';
import type { User } from '../../../domain/records';
import { SCIM_USER_SCHEMA } from '../../../domain/scim-schemas';
import { toScimUser, userFieldsFromScim } from '../../../domain/scim-user';

// Okta's create request (developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20, "Create the User").
const oktaCreate = {
  schemas: [SCIM_USER_SCHEMA],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

describe('userFieldsFromScim', () => {
  it("keeps what Latchkey stores from Okta's create request and drops the placeholder password", () => {
    const result = userFieldsFromScim(oktaCreate);
    expect(result).toEqual({
      ok: true,
      value: {
        userName: 'test.user@okta.local',
        givenName: 'Test',
        familyName: 'User',
        active: true,
        externalId: '00ujl29u0le5T6Aj10h7',
      },
    });
    expect(JSON.stringify(result)).not.toContain('1mz050nq');
  });

  it('refuses a userName that is not the primary email, naming both', () => {
    const result = userFieldsFromScim({ ...oktaCreate, userName: 'tuser@okta.local' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.scimType).toBe('invalidValue');
    expect(result.detail).toContain('tuser@okta.local');
    expect(result.detail).toContain('test.user@okta.local');
  });

  it('compares the userName with the primary email case-insensitively', () => {
    expect(userFieldsFromScim({ ...oktaCreate, userName: 'Test.User@OKTA.local' }).ok).toBe(true);
  });

  it('uses the email marked primary, not the first one', () => {
    const emails = [
      { value: 'home@example.com', type: 'home' },
      { value: 'test.user@okta.local', type: 'work', primary: true },
    ];
    expect(userFieldsFromScim({ ...oktaCreate, emails }).ok).toBe(true);
  });

  it('accepts active: false on create', () => {
    const result = userFieldsFromScim({ ...oktaCreate, active: false });
    expect(result.ok && result.value.active).toBe(false);
  });

  it('refuses attributes the core User schema does not define', () => {
    const result = userFieldsFromScim({ ...oktaCreate, favouriteColour: 'teal' });
    expect(result).toMatchObject({ ok: false, scimType: 'invalidValue' });
    if (!result.ok) expect(result.detail).toContain('favouriteColour');
  });

  it('reads attribute names case-insensitively (RFC 7643 §2.1)', () => {
    const result = userFieldsFromScim({ USERNAME: 'a@b.co', Name: { GIVENNAME: 'A' }, emails: [{ value: 'a@b.co' }] });
    expect(result).toMatchObject({ ok: true, value: { userName: 'a@b.co', givenName: 'A' } });
  });

  it('refuses a userName that is not an email address, and a wrong type', () => {
    expect(userFieldsFromScim({ userName: 'not-an-email' })).toMatchObject({ ok: false, scimType: 'invalidValue' });
    expect(userFieldsFromScim({ ...oktaCreate, active: 'yes' })).toMatchObject({ ok: false, scimType: 'invalidValue' });
  });

  it('ignores read-only id and meta sent back in a PUT (RFC 7644 §3.3)', () => {
    const result = userFieldsFromScim({ ...oktaCreate, id: 'x', meta: { version: 'W/"1"' } });
    expect(result.ok).toBe(true);
  });
});

describe('toScimUser', () => {
  const user: User = {
    id: 'u_1',
    userName: 'ann@example.com',
    givenName: 'Ann',
    familyName: 'Lee',
    role: 'user',
    manualRole: 'user',
    active: false,
    externalId: '00u1',
    removedAt: null,
    allAccess: false,
    erasedAt: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const meta = {
    resourceType: 'User' as const,
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-01T00:00:00.000Z',
    location: 'https://x/scim/v2/Users/u_1',
    version: 'W/"1"',
  };

  it('renders the primary email from the userName and never a password', () => {
    const scim = toScimUser(user, meta);
    expect(scim).toMatchObject({
      id: 'u_1',
      externalId: '00u1',
      userName: 'ann@example.com',
      name: { givenName: 'Ann', familyName: 'Lee' },
      emails: [{ value: 'ann@example.com', primary: true, type: 'work' }],
      active: false,
      meta,
    });
    expect(scim).not.toHaveProperty('password');
  });

  it('round-trips through userFieldsFromScim', () => {
    const back = userFieldsFromScim(toScimUser(user, meta));
    expect(back).toEqual({
      ok: true,
      value: { userName: user.userName, givenName: 'Ann', familyName: 'Lee', active: false, externalId: '00u1' },
    });
  });
});
