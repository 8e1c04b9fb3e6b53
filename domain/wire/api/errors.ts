/**
 * Every error code the sync server sends in the wire ErrorBody `{ error: { code, message } }`
 * from its `/api/v1` routes, grouped by where it comes from, so each route's contract
 * (./*.ts) lists exactly the codes it may answer with and the renderer's `callApi` can type them.
 */
import { z } from 'zod';
import type { NewOwnerRefusal } from '../../orphaned-accounts';
import type { DenyReason } from '../../policy';
import type { RoleChangeReason } from '../../role-change';
import type { EraseRefusal } from '../../user-erasure';
import { ERROR_CODES as REPLICATION_ERROR_CODES } from '../replication';

/**
 * What any `/api/v1` route may answer before its own logic runs: the API gate (no or a bad
 * token 401, the identity provider unreachable 503, not provisioned or deactivated 403), the
 * body parser (bad JSON 400, too large 413), an invalid input (400) and an unexpected failure (500).
 */
export const GATE_ERRORS = [
  'unauthenticated',
  'unavailable',
  'user_not_provisioned',
  'user_inactive',
  'bad_request',
  'invalid_json',
  'payload_too_large',
  'internal',
] as const;

/** The rate-limited routes' extra refusal (429, sync-server/http/api-gate.ts). */
export const RATE_LIMITED = 'rate_limited';

/** The policy's refusal reasons (domain/policy.ts `DenyReason`), answered 403. */
export const DENY_REASONS = [
  'user_inactive',
  'user_unknown',
  'login_only',
  'not_admin',
  'not_super_admin',
  'not_workspace_owner',
  'not_item_owner',
  'no_item_role',
  'feature_off',
  'no_okta_identity',
  'item_unknown',
] as const satisfies readonly DenyReason[];

/** The role command's own refusals besides the policy's (domain/role-change.ts). */
export const ROLE_CHANGE_REFUSALS = [
  'target_unknown',
  'self_role_change',
  'role_above_actor',
  'last_owner',
] as const satisfies readonly RoleChangeReason[];

export const ERASE_REFUSALS = [
  'user_unknown_target',
  'erase_self',
  'user_still_active',
] as const satisfies readonly EraseRefusal[];

/** `account_unknown` is answered as `not_found` (404). */
export const NEW_OWNER_REFUSALS = [
  'not_orphaned',
  'target_not_member',
  'target_login_only',
] as const satisfies readonly NewOwnerRefusal[];

export const LOGO_REFUSALS = ['logo_too_large', 'logo_unsupported_type', 'logo_invalid'] as const;

/** Codes of one route each (see the route's contract for when). */
export const ROUTE_ERRORS = [
  'not_found',
  'okta_not_configured',
  'extended_by_collection',
  'not_extended',
  'launch_not_waiting',
  'no_credentials',
  'team_not_from_okta',
] as const;

export const ERROR_CODES = [
  ...new Set([
    ...REPLICATION_ERROR_CODES,
    ...GATE_ERRORS,
    RATE_LIMITED,
    ...DENY_REASONS,
    ...ROLE_CHANGE_REFUSALS,
    ...ERASE_REFUSALS,
    ...NEW_OWNER_REFUSALS,
    ...LOGO_REFUSALS,
    ...ROUTE_ERRORS,
  ]),
] as const;

export type ErrorCode =
  | (typeof REPLICATION_ERROR_CODES)[number]
  | (typeof GATE_ERRORS)[number]
  | typeof RATE_LIMITED
  | (typeof DENY_REASONS)[number]
  | (typeof ROLE_CHANGE_REFUSALS)[number]
  | (typeof ERASE_REFUSALS)[number]
  | (typeof NEW_OWNER_REFUSALS)[number]
  | (typeof LOGO_REFUSALS)[number]
  | (typeof ROUTE_ERRORS)[number];

// The lists above name every reason the domain rules can give: a new reason there fails here.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const everyReasonListed: [
  Missing<DenyReason, (typeof DENY_REASONS)[number]>,
  Missing<RoleChangeReason, (typeof DENY_REASONS)[number] | (typeof ROLE_CHANGE_REFUSALS)[number]>,
  Missing<EraseRefusal, (typeof ERASE_REFUSALS)[number]>,
  Missing<NewOwnerRefusal, (typeof NEW_OWNER_REFUSALS)[number] | 'account_unknown'>,
] = [true, true, true, true];
void everyReasonListed;

/** The error body as a client parses it (codes it does not know yet stay strings). */
export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = { error: { code: ErrorCode; message: string } };
