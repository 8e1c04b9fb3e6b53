/**
 * `authorize` (sync-server/auth/authorize.ts): the authenticated caller when the policy allows a
 * workspace action, the policy's refusal as a 403 otherwise, and the authenticator's own refusal
 * untouched.
 */
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { visibleTo } from '../../../../domain/access';
import { indexWorkspace } from '../../../../domain/workspace-index';
import type { Authenticated, Authenticator } from '../../../../sync-server/auth/authenticate';
import { authorize } from '../../../../sync-server/auth/authorize';
import { ApiError } from '../../../../sync-server/http/api-error';
import { people, snapshot } from '../../domain/policy-fixture';

const request = {} as FastifyRequest;

function as(userId: keyof typeof people): Authenticator {
  const index = indexWorkspace(snapshot());
  const authenticated: Authenticated = {
    principal: { user: people[userId], deviceId: null },
    state: { horizon: 1, index, usersByExternalId: new Map(), visibility: (id) => visibleTo(index, id) },
    tokenExpiresAt: null,
  };
  return async () => authenticated;
}

async function refusal(run: Promise<unknown>): Promise<ApiError> {
  try {
    await run;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('authorize', () => {
  it('answers the authenticated caller when the policy allows the action', async () => {
    const authenticate = as('adam');
    const ok = await authorize(authenticate, request, 'audit.view');
    expect(ok).toBe(await authenticate(request));
  });

  it("refuses with 403 and the policy's reason and sentence", async () => {
    const err = await refusal(authorize(as('ada'), request, 'audit.view'));
    expect(err.status).toBe(403);
    expect(err.code).toBe('not_admin');
    expect(err.message).toMatch(/Adam Admin/);
  });

  it('takes only actions decided without an item (checked by the compiler)', () => {
    // An item action asked without its item would always be refused as `item_unknown`.
    // @ts-expect-error 'account.view' names an item.
    const itemAction = () => authorize(as('adam'), request, 'account.view');
    expect(typeof itemAction).toBe('function');
  });

  it("passes the authenticator's refusal on unchanged", async () => {
    const unauthenticated = new ApiError(401, 'unauthenticated', 'Sign in.');
    const authenticate: Authenticator = async () => {
      throw unauthenticated;
    };
    expect(await refusal(authorize(authenticate, request, 'me.view'))).toBe(unauthenticated);
  });
});
