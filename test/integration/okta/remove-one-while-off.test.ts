/**
 * With Extended account access off, Okta is frozen as it was — except removals: an account's
 * Owner can still take their own account's app out of Okta (`DELETE /api/v1/accounts/:id/extend`),
 * as an admin can take them all out. Real stack: sync server + PostgreSQL + the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';

const owner = makeUser({ id: 'u1', role: 'user', externalId: oktaUserId(1) });
const admin = makeUser({ id: 'u2', role: 'admin', externalId: oktaUserId(2) });
const collaborator = makeUser({ id: 'u3', role: 'user', externalId: oktaUserId(3) });
const late = makeUser({ id: 'u4', role: 'user', externalId: oktaUserId(4) });
const mine = makeAccount({ id: 'acct-mine', name: 'Own Vendor', extensionState: 'off' });
const other = makeAccount({ id: 'acct-other', name: 'Other Vendor', extensionState: 'off' });

describe('removing one account from Okta while the feature is off', () => {
  let stack: OktaStack;
  const as = (user: { externalId: string | null }) => user.externalId ?? '';

  beforeAll(async () => {
    stack = await startOktaStack({ users: 4 });
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner, admin, collaborator, late],
      accounts: [mine, other],
      shares: [
        makeShare({ account: mine }, { user: owner }, 'owner', 's-mine-owner'),
        makeShare({ account: mine }, { user: collaborator }, 'collaborator', 's-mine-collab'),
        makeShare({ account: other }, { user: owner }, 'owner', 's-other-owner'),
      ],
    });
    for (const account of [mine, other]) {
      expect((await stack.api(as(owner), 'POST', `/api/v1/accounts/${account.id}/extend`)).status).toBe(202);
    }
    await eventually(
      () => stack.appsFor(mine.id)[0]?.users.length === 2 && stack.appsFor(other.id)[0]?.users.length === 1,
      20_000,
      'both apps in Okta',
    );
    const off = await stack.api(as(admin), 'PUT', '/api/v1/workspace/extended-access', { enabled: false });
    expect(off).toMatchObject({ status: 200, body: { enabled: false } });
  });
  afterAll(async () => stack?.close());

  it('refuses anyone but the Owner, and still refuses extending', async () => {
    const collab = await stack.api(as(collaborator), 'DELETE', `/api/v1/accounts/${mine.id}/extend`);
    expect(collab).toMatchObject({ status: 403, body: { error: { code: 'not_item_owner' } } });
    const extend = await stack.api(as(owner), 'POST', `/api/v1/accounts/${mine.id}/extend`);
    expect(extend).toMatchObject({ status: 403, body: { error: { code: 'feature_off' } } });
    expect(stack.appsFor(mine.id)).toHaveLength(1);
  });

  it("deactivates and deletes the Owner's app, and only that one: the rest of Okta stays frozen", async () => {
    const appId = stack.appsFor(mine.id)[0]?.id ?? '';
    // A change to the other account while off is not pushed (frozen), before and after the removal.
    await stack.seed({ shares: [makeShare({ account: other }, { user: late }, 'collaborator', 's-other-late')] });

    stack.sim.resetLog();
    const removed = await stack.api(as(owner), 'DELETE', `/api/v1/accounts/${mine.id}/extend`);
    expect(removed).toMatchObject({ status: 202, body: { account: { id: mine.id, extensionState: 'off' } } });
    await eventually(() => stack.appsFor(mine.id).length === 0, 20_000, 'the app deleted from Okta');
    const calls = stack.sim
      .requests()
      .filter((r) => r.path.startsWith(`/api/v1/apps/${appId}`) && r.method !== 'GET')
      .map((r) => `${r.method} ${r.path.replace(appId, '{id}')} ${r.status}`);
    expect(calls).toEqual(['POST /api/v1/apps/{id}/lifecycle/deactivate 200', 'DELETE /api/v1/apps/{id} 204']);

    const stored = await eventually(async () => {
      const a = await stack.server.repo.get(stack.server.db, 'accounts', mine.id);
      return a?.oktaAppId === null ? a : undefined;
    });
    expect(stored).toMatchObject({ extensionState: 'off', extendedAt: null, lastError: null });
    // Frozen: the other app keeps its assignments as they were when the feature went off.
    expect(stack.appsFor(other.id)).toMatchObject([{ status: 'ACTIVE', users: [as(owner)] }]);
    const [row] = await stack.server.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'account.unextend' and record_id = $1 and actor_id = $2`,
      [mine.id, owner.id],
    );
    expect(row?.n).toBe(1);
  });
});
