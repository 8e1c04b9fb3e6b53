/**
 * Authenticate, then ask the policy about an action on the workspace as a whole (no item): the
 * first thing a route that needs a workspace role does, before it reads its path or body or looks
 * anything up, so a refused caller learns nothing about what exists. A route that decides on a
 * record (an account, a collection) asks `decide` with the item itself.
 */
import type { FastifyRequest } from 'fastify';
import { type Action, decide, type POLICY } from '../../domain/policy';
import { ApiError } from '../http/api-error';
import type { Authenticated, Authenticator } from './authenticate';

/** The actions whose policy rule names no item: decided on who the caller is alone. */
export type WorkspaceAction = {
  [A in Action]: (typeof POLICY)[A] extends { item: string } ? never : A;
}[Action];

/**
 * The caller, authenticated by `authenticate` (401, or 403 when not an active member) and allowed
 * `action` by the policy (403 with the policy's reason and sentence otherwise).
 */
export async function authorize(
  authenticate: Authenticator,
  request: FastifyRequest,
  action: WorkspaceAction,
): Promise<Authenticated> {
  const authenticated = await authenticate(request);
  const { principal, state } = authenticated;
  const decision = decide(state.index, principal.user.id, action);
  if (!decision.allowed) throw new ApiError(403, decision.reason, decision.message);
  return authenticated;
}
