import { describe, expect, it } from 'vitest';
import { groupFieldsFromScim, toScimGroup } from '../../../domain/scim-group';
import { SCIM_GROUP_SCHEMA } from '../../../domain/scim-schemas';

describe('groupFieldsFromScim', () => {
  it("maps Okta's group push body onto a team", () => {
    const result = groupFieldsFromScim({
      schemas: [SCIM_GROUP_SCHEMA],
      displayName: 'Marketing',
      members: [{ value: 'u_1', display: 'ann@example.com' }, { value: 'u_2' }, { value: 'u_1' }],
    });
    expect(result).toEqual({
      ok: true,
      value: { displayName: 'Marketing', memberIds: ['u_1', 'u_2'], oktaGroupId: null },
    });
  });

  it('refuses an empty displayName and unknown attributes', () => {
    expect(groupFieldsFromScim({ displayName: '  ' })).toMatchObject({ ok: false, scimType: 'invalidValue' });
    expect(groupFieldsFromScim({ displayName: 'A', owner: 'x' })).toMatchObject({
      ok: false,
      scimType: 'invalidValue',
    });
  });

  it('refuses a body that declares only another schema', () => {
    expect(groupFieldsFromScim({ schemas: ['urn:x'], displayName: 'A' })).toMatchObject({ ok: false });
  });
});

describe('toScimGroup', () => {
  it('lists members with their $ref and carries the Okta group id as externalId', () => {
    const team = {
      id: 't_1',
      displayName: 'Support',
      memberIds: ['u_1'],
      oktaGroupId: '00g1',
      mappedRole: null,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const meta = {
      resourceType: 'Group' as const,
      created: team.updatedAt,
      lastModified: team.updatedAt,
      location: 'l',
      version: 'W/"1"',
    };
    expect(toScimGroup(team, meta, 'https://x/scim/v2/Users')).toEqual({
      schemas: [SCIM_GROUP_SCHEMA],
      id: 't_1',
      externalId: '00g1',
      displayName: 'Support',
      members: [{ value: 'u_1', type: 'User', $ref: 'https://x/scim/v2/Users/u_1' }],
      meta,
    });
  });
});
