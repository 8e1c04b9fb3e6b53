/**
 * SCIM Group ⇄ Latchkey `Team`. Pure. A group's members are SCIM User ids, which are
 * Latchkey user ids, so membership maps one-to-one onto `Team.memberIds`.
 */
import type { Team } from './records';
import {
  canonicalKeys,
  GROUP_ATTRIBUTES,
  refusalFromZod,
  SCIM_GROUP_SCHEMA,
  ScimGroupInput,
  type ScimResult,
} from './scim-schemas';
import type { ScimMeta } from './scim-user';

export type ScimGroupFields = Pick<Team, 'displayName' | 'memberIds' | 'oktaGroupId'>;

export interface ScimGroup {
  schemas: [typeof SCIM_GROUP_SCHEMA];
  id: string;
  externalId?: string;
  displayName: string;
  members: { value: string; type: 'User'; $ref: string }[];
  meta: ScimMeta;
}

export function groupFieldsFromScim(body: unknown): ScimResult<ScimGroupFields> {
  const parsed = ScimGroupInput.safeParse(canonicalKeys(body, GROUP_ATTRIBUTES));
  if (!parsed.success) return refusalFromZod(parsed.error);
  const input = parsed.data;
  if (input.schemas && !input.schemas.includes(SCIM_GROUP_SCHEMA)) {
    return { ok: false, scimType: 'invalidValue', detail: `schemas must contain ${SCIM_GROUP_SCHEMA}` };
  }
  return {
    ok: true,
    value: {
      displayName: input.displayName,
      memberIds: uniqueMemberIds(input.members ?? []),
      oktaGroupId: input.externalId ?? null,
    },
  };
}

/** Keeps first occurrences: a member listed twice is one membership (RFC 7643 §2.4, no duplicate values). */
export function uniqueMemberIds(members: readonly { value: string }[]): string[] {
  return [...new Set(members.map((m) => m.value))];
}

/** `usersLocation` is the absolute `/Users` URL, so each member carries its `$ref` (RFC 7643 §4.2). */
export function toScimGroup(team: Team, meta: ScimMeta, usersLocation: string): ScimGroup {
  return {
    schemas: [SCIM_GROUP_SCHEMA],
    id: team.id,
    ...(team.oktaGroupId ? { externalId: team.oktaGroupId } : {}),
    displayName: team.displayName,
    members: team.memberIds.map((id) => ({ value: id, type: 'User', $ref: `${usersLocation}/${id}` })),
    meta,
  };
}
