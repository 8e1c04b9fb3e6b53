/**
 * The SCIM 2.0 resource shapes Latchkey accepts (RFC 7643 §4.1 User, §4.2 Group) as zod
 * schemas, plus the URNs of RFC 7643/7644. Pure: used by the sync server's SCIM edge and by tests.
 *
 * What a client may send is the full core schema, because Okta sends more than we keep
 * (`displayName`, `locale`, a placeholder `password`, `groups: []`). Attributes we do not keep are
 * accepted and ignored; attributes the core schema does not define are refused.
 */
import { z } from 'zod';
import { text as cleanString } from './text';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** An expected refusal of a client's input, carrying the RFC 7644 §3.12 `scimType`. */
export type ScimRefusal = {
  ok: false;
  scimType: 'invalidValue' | 'invalidSyntax' | 'mutability' | 'invalidPath' | 'noTarget';
  detail: string;
};
export type ScimResult<T> = { ok: true; value: T } | ScimRefusal;

const text = cleanString(2048);
const multiValued = z.array(z.unknown()).max(100);

const Email = z.looseObject({
  value: cleanString(320),
  type: cleanString(64).optional(),
  primary: z.boolean().optional(),
  display: cleanString(320).optional(),
});

const Name = z.strictObject({
  formatted: text.optional(),
  familyName: cleanString(200).optional(),
  givenName: cleanString(200).optional(),
  middleName: text.optional(),
  honorificPrefix: text.optional(),
  honorificSuffix: text.optional(),
});

/**
 * RFC 7643 §4.1. `id`, `meta` and `groups` are read-only: RFC 7644 §3.3 says they "SHALL be
 * ignored" in a request body, so they are accepted with any value.
 */
export const ScimUserInput = z.strictObject({
  schemas: z.array(cleanString(256)).max(10).optional(),
  id: z.unknown().optional(),
  meta: z.unknown().optional(),
  groups: z.unknown().optional(),
  externalId: cleanString(128, 1).nullable().optional(),
  userName: cleanString(320, 1),
  name: Name.optional(),
  displayName: text.optional(),
  nickName: text.optional(),
  profileUrl: text.optional(),
  title: text.optional(),
  userType: text.optional(),
  preferredLanguage: text.optional(),
  locale: text.optional(),
  timezone: text.optional(),
  active: z.boolean().optional(),
  /** Okta sends a random placeholder on create; never stored, never echoed (RFC 7643 §4.1.1 `returned: never`). */
  password: cleanString(1024).optional(),
  emails: z.array(Email).max(20).optional(),
  phoneNumbers: multiValued.optional(),
  ims: multiValued.optional(),
  photos: multiValued.optional(),
  addresses: multiValued.optional(),
  entitlements: multiValued.optional(),
  roles: multiValued.optional(),
  x509Certificates: multiValued.optional(),
  [SCIM_ENTERPRISE_USER_SCHEMA]: z.record(z.string(), z.unknown()).optional(),
});
export type ScimUserInput = z.infer<typeof ScimUserInput>;

export const ScimMember = z.looseObject({
  value: cleanString(64, 1),
  display: cleanString(320).optional(),
  type: cleanString(32).optional(),
  $ref: cleanString(2048).optional(),
});

/** RFC 7643 §4.2. */
export const ScimGroupInput = z.strictObject({
  schemas: z.array(cleanString(256)).max(10).optional(),
  id: z.unknown().optional(),
  meta: z.unknown().optional(),
  externalId: cleanString(128, 1).nullable().optional(),
  displayName: cleanString(200).trim().min(1),
  members: z.array(ScimMember).max(100_000).optional(),
});
export type ScimGroupInput = z.infer<typeof ScimGroupInput>;

export const PatchOperation = z.strictObject({
  op: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['add', 'remove', 'replace'])),
  path: cleanString(1024, 1).optional(),
  value: z.unknown().optional(),
});
export const PatchRequest = z.strictObject({
  schemas: z
    .array(cleanString(256))
    .max(10)
    .refine((s) => s.includes(SCIM_PATCH_SCHEMA), {
      message: `schemas must contain ${SCIM_PATCH_SCHEMA}`,
    }),
  Operations: z.array(PatchOperation).min(1).max(1000),
});
export type PatchRequest = z.infer<typeof PatchRequest>;

/**
 * RFC 7643 §2.1: "Attribute names are case insensitive". Rewrites the keys of `body` (and of
 * nested objects named in `nested`) to their canonical spelling so the strict schemas above can
 * recognise `USERNAME` as `userName`. Unknown keys are left as they are, to be refused.
 */
export function canonicalKeys(body: unknown, canonical: readonly string[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const byLower = new Map(canonical.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[byLower.get(key.toLowerCase()) ?? key] = value;
  return out;
}

export const USER_ATTRIBUTES = Object.keys(ScimUserInput.shape);
export const NAME_ATTRIBUTES = Object.keys(Name.shape);
export const GROUP_ATTRIBUTES = Object.keys(ScimGroupInput.shape);

/** Turns the first zod issue into a refusal a SCIM client can act on. */
export function refusalFromZod(error: z.ZodError): ScimRefusal {
  const issue = error.issues[0];
  if (!issue) return { ok: false, scimType: 'invalidSyntax', detail: 'invalid request body' };
  const where = issue.path.join('.') || 'body';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length ? `${where}.` : '';
    return {
      ok: false,
      scimType: 'invalidValue',
      detail: `unknown attribute ${issue.keys.map((k) => `'${prefix}${k}'`).join(', ')}`,
    };
  }
  return { ok: false, scimType: 'invalidValue', detail: `${where}: ${issue.message}` };
}
