import type { SimGroup, SimUser } from '../state/records';

/**
 * The bodies Okta's SCIM 2.0 client sends (developer.okta.com/docs/reference/scim/scim-20/).
 * Okta never sends the user's Okta password unless password sync is enabled; this integration
 * does not enable it, so no secret leaves the simulator.
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export function userResource(user: SimUser, scimId?: string) {
  const p = user.profile;
  return {
    schemas: [USER_SCHEMA],
    ...(scimId ? { id: scimId } : {}),
    userName: p.login,
    name: { givenName: p.firstName, familyName: p.lastName },
    emails: [{ primary: true, value: p.email, type: 'work' }],
    displayName: `${p.firstName} ${p.lastName}`,
    locale: 'en-US',
    externalId: user.id,
    groups: [],
    active: user.status === 'ACTIVE' || user.status === 'PROVISIONED',
  };
}

/** Deactivation and reactivation: `replace` with no path and `{active}` as the value. */
export function activePatch(active: boolean) {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active } }] };
}

export function newGroupResource(group: SimGroup) {
  return { schemas: [GROUP_SCHEMA], displayName: group.profile.name, members: [] };
}

export function renameGroupPatch(scimGroupId: string, group: SimGroup) {
  return {
    schemas: [PATCH_SCHEMA],
    Operations: [{ op: 'replace', value: { id: scimGroupId, displayName: group.profile.name } }],
  };
}

export type Member = { value: string; display: string };

export function addMembersPatch(members: Member[]) {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: members }] };
}

export function removeMemberPatch(scimUserId: string) {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq "${scimUserId}"]` }] };
}

export function replaceMembersPatch(members: Member[]) {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'members', value: members }] };
}

/** Okta's lookup query: exact-match filter, first page of 100 (RFC 7644 §3.4.2). */
export function lookupQuery(attribute: 'userName' | 'displayName', value: string): string {
  const filter = `${attribute} eq "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `?filter=${encodeURIComponent(filter)}&startIndex=1&count=100`;
}
