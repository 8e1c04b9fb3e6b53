import { describe, expect, it } from 'vitest';
import { SCIM_GROUP_SCHEMA, SCIM_PATCH_SCHEMA, SCIM_USER_SCHEMA } from '../../../../domain/scim-schemas';
import { ScimError } from '../../../../sync-server/scim/errors';
import { applyPatch } from '../../../../sync-server/scim/patch';

const user = {
  schemas: [SCIM_USER_SCHEMA],
  id: 'u_1',
  userName: 'ann@example.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [{ value: 'ann@example.com', primary: true, type: 'work' }],
  active: true,
};
const group = {
  schemas: [SCIM_GROUP_SCHEMA],
  id: 'g_1',
  displayName: 'Support',
  members: [{ value: 'u_1' }, { value: 'u_2' }],
};
const READ_ONLY = ['id', 'meta', 'groups', 'schemas'];
const patch = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH_SCHEMA], Operations });

function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError');
}

describe('applyPatch — the forms Okta sends (developer.okta.com SCIM 2.0 guide)', () => {
  it('deactivates with a path-less replace of {"active": false}', () => {
    expect(applyPatch(user, patch({ op: 'replace', value: { active: false } }), READ_ONLY)).toMatchObject({
      active: false,
    });
  });

  it('renames a group with {"id": same, "displayName": new} and keeps its members', () => {
    const out = applyPatch(group, patch({ op: 'replace', value: { id: 'g_1', displayName: 'Help Desk' } }), READ_ONLY);
    expect(out).toMatchObject({ id: 'g_1', displayName: 'Help Desk', members: group.members });
  });

  it('adds members without duplicating an existing one', () => {
    const out = applyPatch(
      group,
      patch({ op: 'add', path: 'members', value: [{ value: 'u_3', display: 'c@x' }, { value: 'u_1' }] }),
      READ_ONLY,
    );
    expect((out.members as { value: string }[]).map((m) => m.value)).toEqual(['u_1', 'u_2', 'u_3']);
  });

  it('removes one member selected by a value filter', () => {
    const out = applyPatch(group, patch({ op: 'remove', path: 'members[value eq "u_2"]' }), READ_ONLY);
    expect(out.members).toEqual([{ value: 'u_1' }]);
  });

  it('replaces all members', () => {
    const out = applyPatch(group, patch({ op: 'replace', path: 'members', value: [{ value: 'u_9' }] }), READ_ONLY);
    expect(out.members).toEqual([{ value: 'u_9' }]);
  });

  it('accepts operation names in any case ("Replace")', () => {
    expect(applyPatch(user, patch({ op: 'Replace', path: 'active', value: false }), READ_ONLY)).toMatchObject({
      active: false,
    });
  });
});

describe('applyPatch — RFC 7644 §3.5.2 rules', () => {
  it('leaves sub-attributes a path-less replace does not name unchanged (§3.5.2.3)', () => {
    const out = applyPatch(user, patch({ op: 'replace', value: { name: { givenName: 'Anna' } } }), READ_ONLY);
    expect(out.name).toEqual({ givenName: 'Anna', familyName: 'Lee' });
  });

  it('refuses a change of a read-only attribute with 400 mutability', () => {
    const err = scimErrorOf(() => applyPatch(group, patch({ op: 'replace', value: { id: 'other' } }), READ_ONLY));
    expect([err.status, err.scimType]).toEqual([400, 'mutability']);
    expect(scimErrorOf(() => applyPatch(user, patch({ op: 'remove', path: 'id' }), READ_ONLY)).scimType).toBe(
      'mutability',
    );
  });

  it('refuses a remove without a path with 400 noTarget (§3.5.2.2)', () => {
    const err = scimErrorOf(() => applyPatch(user, patch({ op: 'remove' }), READ_ONLY));
    expect([err.status, err.scimType]).toEqual([400, 'noTarget']);
  });

  it('refuses a body without the PatchOp schema, and an unknown op', () => {
    expect(
      scimErrorOf(() =>
        applyPatch(user, { schemas: [], Operations: [{ op: 'replace', path: 'active', value: false }] }, READ_ONLY),
      ).scimType,
    ).toBe('invalidSyntax');
    expect(scimErrorOf(() => applyPatch(user, patch({ op: 'move', path: 'active' }), READ_ONLY)).scimType).toBe(
      'invalidSyntax',
    );
  });

  it('refuses a malformed path', () => {
    expect(
      scimErrorOf(() => applyPatch(group, patch({ op: 'remove', path: 'members[value eq' }), READ_ONLY)).status,
    ).toBe(400);
  });

  it('does not modify the resource it was given', () => {
    const before = structuredClone(group);
    applyPatch(group, patch({ op: 'remove', path: 'members[value eq "u_2"]' }), READ_ONLY);
    expect(group).toEqual(before);
  });
});
