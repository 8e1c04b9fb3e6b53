/**
 * SCIM User ⇄ Latchkey `User`. Pure: the sync server's SCIM routes parse with
 * `userFieldsFromScim` and render with `toScimUser`.
 *
 * Latchkey keeps one address per user: `userName` IS the primary email (Okta's "Application
 * username format: Email"), so a user whose userName differs from their primary email is refused
 * rather than silently stored under one of the two.
 */
import { z } from 'zod';
import type { User } from './records';
import {
  canonicalKeys,
  NAME_ATTRIBUTES,
  refusalFromZod,
  SCIM_USER_SCHEMA,
  type ScimResult,
  ScimUserInput,
  USER_ATTRIBUTES,
} from './scim-schemas';

/** What SCIM decides about a user; the rest (id, role, removedAt, updatedAt) is the server's. */
export type ScimUserFields = Pick<User, 'userName' | 'givenName' | 'familyName' | 'active' | 'externalId'>;

/** RFC 7643 §3.1 `meta`. */
export interface ScimMeta {
  resourceType: 'User' | 'Group';
  created: string;
  lastModified: string;
  location: string;
  /** A weak entity tag (RFC 7644 §3.14), also sent as the `ETag` header. */
  version: string;
}

export interface ScimUser {
  schemas: [typeof SCIM_USER_SCHEMA];
  id: string;
  externalId?: string;
  userName: string;
  name: { givenName: string; familyName: string; formatted: string };
  displayName: string;
  emails: { value: string; type: 'work'; primary: true }[];
  active: boolean;
  meta: ScimMeta;
}

const EmailAddress = z.email();

export function userFieldsFromScim(body: unknown): ScimResult<ScimUserFields> {
  const canonical = canonicalKeys(body, USER_ATTRIBUTES) as Record<string, unknown>;
  if (canonical && typeof canonical === 'object' && 'name' in canonical) {
    canonical.name = canonicalKeys(canonical.name, NAME_ATTRIBUTES);
  }
  const parsed = ScimUserInput.safeParse(canonical);
  if (!parsed.success) return refusalFromZod(parsed.error);
  const input = parsed.data;
  if (input.schemas && !input.schemas.includes(SCIM_USER_SCHEMA)) {
    return { ok: false, scimType: 'invalidValue', detail: `schemas must contain ${SCIM_USER_SCHEMA}` };
  }
  const userName = input.userName.trim();
  if (!EmailAddress.safeParse(userName).success) {
    return { ok: false, scimType: 'invalidValue', detail: `userName '${userName}' must be an email address` };
  }
  const emails = input.emails ?? [];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  if (primary && primary.value.trim().toLowerCase() !== userName.toLowerCase()) {
    return {
      ok: false,
      scimType: 'invalidValue',
      detail: `userName '${userName}' must equal the primary email '${primary.value}' (set Okta's application username format to Email)`,
    };
  }
  return {
    ok: true,
    value: {
      userName,
      givenName: input.name?.givenName ?? '',
      familyName: input.name?.familyName ?? '',
      // RFC 7643 §4.1.1 leaves a missing `active` to the provider; absent means "not deactivated".
      active: input.active ?? true,
      externalId: input.externalId ?? null,
    },
  };
}

export function toScimUser(user: User, meta: ScimMeta): ScimUser {
  const formatted = [user.givenName, user.familyName].filter((s) => s.length > 0).join(' ');
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.userName,
    name: { givenName: user.givenName, familyName: user.familyName, formatted },
    displayName: formatted || user.userName,
    emails: [{ value: user.userName, type: 'work', primary: true }],
    active: user.active,
    meta,
  };
}
