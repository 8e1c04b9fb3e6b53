/**
 * Extended account access and the Okta connection (sync-server/okta/routes.ts). Every route
 * authorises with domain/policy.ts; the writes queue Okta work in the same transaction.
 */
import { z } from 'zod';
import { Id } from '../../records';
import { OktaConnection } from '../okta-connection';
import {
  AccountExtensionAnswer,
  CollectionExtensionAnswer,
  ExtendedAccessAnswer,
  ExtendedAccessBody,
  RemoveAllAnswer,
  SyncExtendedAnswer,
} from '../okta-extension';
import { OktaSweepStatus } from '../okta-sweep';
import { defineRoute } from './define-route';
import { DENY_REASONS, GATE_ERRORS, RATE_LIMITED } from './errors';

export const IdParams = z.object({ id: Id });

/** `GET /api/v1/okta/status`: any member; the answer holds no Okta credential. */
export const OktaStatus = z.object({
  enabled: z.boolean(),
  configured: z.boolean(),
  pending: z.number().int().min(0),
  progress: z.object({
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    startedAt: z.string().nullable(),
  }),
  connection: OktaConnection,
  /** The scheduled drift sweep; absent from servers that have none. */
  sweep: OktaSweepStatus.optional(),
});
export type OktaStatus = z.infer<typeof OktaStatus>;

export const ConnectionCheckAnswer = z.object({ connection: OktaConnection });
export type ConnectionCheckAnswer = z.infer<typeof ConnectionCheckAnswer>;

const DENIED = [...GATE_ERRORS, ...DENY_REASONS] as const;

export const oktaApi = {
  /** Admins and above turn the feature on or off. */
  setExtendedAccess: defineRoute({
    method: 'PUT',
    path: '/api/v1/workspace/extended-access',
    body: ExtendedAccessBody,
    response: ExtendedAccessAnswer,
    errors: DENIED,
    desktop: true,
  }),
  /** Admins and above end every extension, standing collection extensions too. */
  removeAllExtensions: defineRoute({
    method: 'POST',
    path: '/api/v1/workspace/remove-all-extensions',
    response: RemoveAllAnswer,
    errors: DENIED,
    desktop: true,
  }),
  /** Account owners; 503 `okta_not_configured` without an Okta org, 404 for a deleted account. */
  extendAccount: defineRoute({
    method: 'POST',
    path: '/api/v1/accounts/:id/extend',
    params: IdParams,
    status: 202,
    response: AccountExtensionAnswer,
    errors: [...DENIED, 'okta_not_configured', 'not_found'],
    desktop: true,
  }),
  /** Account owners; 409 `extended_by_collection` while its collection is extended. */
  unextendAccount: defineRoute({
    method: 'DELETE',
    path: '/api/v1/accounts/:id/extend',
    params: IdParams,
    status: 202,
    response: AccountExtensionAnswer,
    errors: [...DENIED, 'not_found', 'extended_by_collection'],
    desktop: true,
  }),
  /** Account owners; 409 `not_extended` for an account that is not extended. */
  syncAccount: defineRoute({
    method: 'POST',
    path: '/api/v1/accounts/:id/sync',
    params: IdParams,
    status: 202,
    response: AccountExtensionAnswer,
    errors: [...DENIED, 'okta_not_configured', 'not_found', 'not_extended'],
    desktop: true,
  }),
  /** Collection owners: a standing choice that extends the accounts added later too. */
  extendCollection: defineRoute({
    method: 'POST',
    path: '/api/v1/collections/:id/extend',
    params: IdParams,
    status: 202,
    response: CollectionExtensionAnswer,
    errors: [...DENIED, 'okta_not_configured', 'not_found'],
    desktop: true,
  }),
  unextendCollection: defineRoute({
    method: 'DELETE',
    path: '/api/v1/collections/:id/extend',
    params: IdParams,
    status: 202,
    response: CollectionExtensionAnswer,
    errors: [...DENIED, 'not_found'],
    desktop: true,
  }),
  /** The caller's owned extended accounts, synced again. */
  syncMyExtended: defineRoute({
    method: 'POST',
    path: '/api/v1/me/sync-extended',
    status: 202,
    response: SyncExtendedAnswer,
    errors: [...DENIED, RATE_LIMITED, 'okta_not_configured'],
    desktop: true,
  }),
  /** Any member: the feature, the sync's progress, the queue, the connection, the sweep. */
  oktaStatus: defineRoute({
    method: 'GET',
    path: '/api/v1/okta/status',
    response: OktaStatus,
    errors: GATE_ERRORS,
    desktop: true,
  }),
  /** Admins and above: one authenticated call to Okta now ("Refresh"). */
  checkOktaConnection: defineRoute({
    method: 'POST',
    path: '/api/v1/okta/connection/check',
    response: ConnectionCheckAnswer,
    errors: DENIED,
    desktop: true,
  }),
} as const;
