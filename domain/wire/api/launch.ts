/**
 * Launch authorisation (sync-server/launch/routes.ts). The chiclet's HTML landing page
 * (`GET /launch/:accountId`) is not part of this contract: it is a public page, not an API.
 */
import { z } from 'zod';
import { Id } from '../../records';
import { LaunchAllowed, LaunchAuthorizeBody, LaunchSecrets, LaunchSecretsBody } from '../launch';
import { defineRoute } from './define-route';
import { DENY_REASONS, GATE_ERRORS, RATE_LIMITED } from './errors';

const AccountParams = z.object({ accountId: Id });

export const launchApi = {
  /** Audited; consumes the launch page's one-time nonce. The body may be absent. */
  authorizeLaunch: defineRoute({
    method: 'POST',
    path: '/api/v1/launch/:accountId/authorize',
    params: AccountParams,
    body: LaunchAuthorizeBody.nullish(),
    response: LaunchAllowed,
    errors: [...GATE_ERRORS, ...DENY_REASONS, RATE_LIMITED],
    desktop: true,
  }),
  /**
   * A Login-only user's secrets for the launch authorised moments ago, released once. Only the
   * desktop host calls it (it types them into the login window): never the renderer.
   */
  launchSecrets: defineRoute({
    method: 'POST',
    path: '/api/v1/launch/:accountId/secrets',
    params: AccountParams,
    body: LaunchSecretsBody,
    response: LaunchSecrets,
    errors: [...GATE_ERRORS, ...DENY_REASONS, 'launch_not_waiting', 'no_credentials'],
    desktop: false,
  }),
} as const;
