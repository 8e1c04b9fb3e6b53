/**
 * The SCIM token's self-service for workspace Owners (sync-server/scim/token-routes.ts). SCIM
 * itself (`/scim/v2`) is Okta's protocol with its own error shape: not part of this contract.
 */
import { z } from 'zod';
import { defineRoute } from './define-route';
import { DENY_REASONS, GATE_ERRORS } from './errors';

/** The plain token appears only in this answer; the server keeps its digest. */
export const NewScimToken = z.object({ token: z.string().min(1), createdAt: z.string() });
export type NewScimToken = z.infer<typeof NewScimToken>;

export const ScimTokenInfo = z.union([
  z.object({ exists: z.literal(true), createdAt: z.string(), createdBy: z.string().nullable() }),
  z.object({ exists: z.literal(false) }),
]);
export type ScimTokenInfo = z.infer<typeof ScimTokenInfo>;

const DENIED = [...GATE_ERRORS, ...DENY_REASONS] as const;

export const scimTokenApi = {
  /** Creates or rotates the token. */
  createScimToken: defineRoute({
    method: 'POST',
    path: '/api/v1/scim-token',
    status: 201,
    response: NewScimToken,
    errors: DENIED,
    desktop: true,
  }),
  scimTokenInfo: defineRoute({
    method: 'GET',
    path: '/api/v1/scim-token',
    response: ScimTokenInfo,
    errors: DENIED,
    desktop: true,
  }),
  /** 404 `not_found` when there is none. */
  revokeScimToken: defineRoute({
    method: 'DELETE',
    path: '/api/v1/scim-token',
    status: 204,
    response: z.null(),
    errors: [...DENIED, 'not_found'],
    desktop: true,
  }),
} as const;
