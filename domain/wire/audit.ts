/**
 * The wire contract of the audit log (`GET /api/v1/audit`), read by the server's route and the
 * desktop's Audit log screen. One list merges record writes (audit_events: people's changes, SCIM
 * provisioning, Okta pushes) and launch authorisations (launch_events: launches and refusals).
 * Entries never carry secrets: a write names the fields it changed, not their values.
 *
 *   GET /api/v1/audit?kind=&userId=&recordId=&before=&limit=   → AuditPage   (admins and above)
 */
import { z } from 'zod';
import { OktaDrift, SweepSummary } from '../okta-drift';
import { Id, Share, Timestamp } from '../records';

export const AUDIT_KINDS = ['change', 'scim', 'okta', 'launch', 'refusal'] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AUDIT_LIMIT_DEFAULT = 50;
export const AUDIT_LIMIT_MAX = 200;

/**
 * Keyset cursor "<at>|<source>|<id>": events written in one transaction share `at`, so the
 * timestamp alone cannot page without losing or repeating rows.
 */
export const AuditCursor = z
  .string()
  .max(100)
  .regex(/^[0-9T:.+\-Z ]+\|[al]\|\d{1,18}$/, 'before is the cursor of a previous page');

export const AuditQuery = z.object({
  kind: AuditKind.optional(),
  /** The person who acted (or launched). */
  userId: Id.optional(),
  /** The record acted on (an account id for launches). */
  recordId: Id.optional(),
  before: AuditCursor.optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_LIMIT_MAX).default(AUDIT_LIMIT_DEFAULT),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * Which item a share write granted to whom (ids and the role, no secrets): recorded with the write
 * so the log can name both even after the share is gone from every replica.
 */
export const AuditShare = Share.pick({ itemType: true, itemId: true, granteeType: true, granteeId: true, role: true });
export type AuditShare = z.infer<typeof AuditShare>;

export const AuditEntry = z.object({
  /** Unique across both sources: `a<id>` for record writes, `l<id>` for launches. */
  id: z.string(),
  at: Timestamp,
  kind: AuditKind,
  action: z.string(),
  actorType: z.enum(['user', 'scim', 'system']),
  /** A workspace user id for people, the system's name (e.g. okta-sync), null for SCIM. */
  actorId: z.string().nullable(),
  /** Device (reported by the client, `X-Latchkey-Device`): a label for people, never proof. */
  deviceId: z.string().nullable(),
  collection: z.string().nullable(),
  recordId: z.string().nullable(),
  /** Names of changed fields (writes) — never values. */
  fields: z.array(z.string()),
  /** The policy's reason code of a refused launch. */
  reason: z.string().nullable(),
  /** What an Okta admin changed that a sync overwrote (`okta.driftOverwritten`); absent from older servers. */
  drift: OktaDrift.nullish(),
  /** A finished drift sweep's figures (`okta.driftSweep`). */
  sweep: SweepSummary.nullish(),
  /** The share a write to `shares` was about; absent from older servers and older rows. */
  share: AuditShare.nullish(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null when there is none. */
  next: AuditCursor.nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;
