/**
 * The gate in front of every API route: a valid access token (401 otherwise) whose subject is a
 * provisioned, active workspace user (403 with what to do otherwise). The client is never
 * trusted for who it is: identity comes only from the verified token.
 */
import type { FastifyRequest } from 'fastify';
import type { User } from '../../domain/records';
import { Id } from '../../domain/records';
import { isActiveMember } from '../../domain/workspace-index';
import { ApiError } from '../http/api-error';
import type { Db } from '../store/db';
import type { WorkspaceCache, WorkspaceState } from '../workspace/workspace-cache';
import type { TokenVerifier } from './token-verifier';

export interface Principal {
  user: User;
  /** The replica's device id (`X-Latchkey-Device`), recorded in audit events; null if absent. */
  deviceId: string | null;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/;

export function createAuthenticator(deps: { verify: TokenVerifier; cache: WorkspaceCache; db: Db }) {
  return async (
    request: FastifyRequest,
  ): Promise<{ principal: Principal; state: WorkspaceState; tokenExpiresAt: number | null }> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined) {
      throw new ApiError(401, 'unauthenticated', 'Sign in: this request carries no bearer access token.');
    }
    const check = await deps.verify(match[1]);
    if (!check.ok) throw new ApiError(check.code === 'unavailable' ? 503 : 401, check.code, check.message);
    const state = await deps.cache.current(deps.db);
    const user = state.usersByExternalId.get(check.subject);
    if (user === undefined) {
      throw new ApiError(
        403,
        'user_not_provisioned',
        'Your Okta account is not provisioned to Latchkey yet. Ask your IT admin to assign the Latchkey app to you in Okta.',
      );
    }
    if (!isActiveMember(user)) {
      throw new ApiError(
        403,
        'user_inactive',
        'Your Latchkey access is deactivated. Ask your IT admin to reactivate your assignment in Okta.',
      );
    }
    const device = Id.safeParse(request.headers['x-latchkey-device']);
    const principal = { user, deviceId: device.success ? device.data : null };
    return { principal, state, tokenExpiresAt: check.expiresAt ?? null };
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
