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
  /**
   * The device as reported by the client (`X-Latchkey-Device`): recorded in audit events as
   * "device (reported by the client)" and never used for a decision — any caller can send any id.
   */
  deviceId: string | null;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/;

export interface Authenticated {
  principal: Principal;
  state: WorkspaceState;
  tokenExpiresAt: number | null;
}

export function createAuthenticator(deps: { verify: TokenVerifier; cache: WorkspaceCache; db: Db }) {
  // One verification per request: the API gate (http/api-gate.ts) authenticates in `onRequest`,
  // before the body is read, and the route reads the same outcome (or the same refusal).
  const done = new WeakMap<FastifyRequest, Promise<Authenticated>>();
  return (request: FastifyRequest): Promise<Authenticated> => {
    let outcome = done.get(request);
    if (outcome === undefined) {
      outcome = authenticate(request);
      done.set(request, outcome);
    }
    return outcome;
  };

  async function authenticate(request: FastifyRequest): Promise<Authenticated> {
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
  }
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
