/**
 * Okta's own contract: every Management API exchange between the reconciler (official SDK) and
 * the simulator — requests as sent, answers as returned, error bodies included — is checked
 * against Okta's published OpenAPI description (dev/okta-contract/okta-openapi, 2026.06.3) while the
 * reconciler goes through every call it makes: create, assign, read, unassign, relabel,
 * activate, the orphan search after an interrupted create, deactivate, delete, and Okta's
 * refusals (404, 429, 5xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractRecorder, OktaContract, recordContract } from '../../../dev/okta-contract/okta-contract';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { User } from '../../../domain/records';
import { writeLink } from '../../../sync-server/okta/app-links';

const member = (n: number, over: Partial<User> = {}): User =>
  makeUser({ id: `u${n}`, userName: `user${n}@example.com`, externalId: oktaUserId(n), ...over });

describe("the reconciler and the simulator keep to Okta's published Management API contract", () => {
  let stack: OktaStack;
  let recorder: ContractRecorder;
  const owner = member(1, { role: 'owner' });
  const [u2, u3] = [member(2), member(3)];
  const ownerId = owner.externalId ?? '';

  beforeAll(async () => {
    const contract = await OktaContract.load();
    stack = await startOktaStack({
      users: 4,
      okta: {
        callBackoff: { baseMs: 20, capMs: 200 },
        worker: { retryBackoff: { baseMs: 50, capMs: 200, permanentCapMs: 200 } },
      },
    });
    recorder = recordContract(stack.sim, contract);
    await stack.seed({ settings: [makeSettings({ extendedAccessEnabled: true })], users: [owner, u2, u3] });
  });
  afterAll(async () => {
    recorder?.stop();
    await stack?.close();
  });

  const assignees = (accountId: string) => stack.appsFor(accountId)[0]?.users ?? [];
  const converged = (accountId: string, users: User[], what: string) =>
    eventually(
      () =>
        stack.appsFor(accountId).length === 1 &&
        JSON.stringify(assignees(accountId)) === JSON.stringify(users.map((u) => u.externalId).sort()),
      20_000,
      what,
    );

  it('create, assign, unassign, relabel, reactivate and delete: no request or answer departs from the spec', async () => {
    const account = makeExtendedAccount({ id: 'acct-a', name: 'Contentzilla', appName: 'Instagram' });
    await stack.seed({
      accounts: [account],
      shares: [
        makeShare({ account }, { user: owner }, 'owner', 's-a-owner'),
        makeShare({ account }, { user: u2 }, 'collaborator', 's-a-u2'),
        makeShare({ account }, { user: u3 }, 'collaborator', 's-a-u3'),
      ],
    });
    await converged('acct-a', [owner, u2, u3], 'first sync');

    await stack.server.db.transaction((tx) =>
      stack.server.repo.remove(tx, 'shares', 's-a-u3', { type: 'system', name: 'test' }),
    );
    await converged('acct-a', [owner, u2], 'unassign');

    await stack.seed({ accounts: [{ ...account, name: 'Brandzilla' }] });
    await eventually(() => stack.appsFor('acct-a')[0]?.label === 'Brandzilla - Instagram', 20_000, 'relabel');

    // Drift in Okta: deactivated and relabelled by an admin; a manual sync puts it back.
    const app = [...stack.sim.directory.apps.values()].find((a) => a.url === stack.launchUrl('acct-a'));
    if (!app) throw new Error('no app');
    app.status = 'INACTIVE';
    app.label = 'Renamed in Okta';
    expect((await stack.api(ownerId, 'POST', '/api/v1/accounts/acct-a/sync')).status).toBeLessThan(300);
    await eventually(
      () =>
        stack.appsFor('acct-a')[0]?.status === 'ACTIVE' &&
        stack.appsFor('acct-a')[0]?.label === 'Brandzilla - Instagram',
      20_000,
      'drift overwritten',
    );

    // Deleted in Okta behind Latchkey's back: the read answers 404 E0000007, the app is made again.
    stack.sim.directory.apps.delete(app.id);
    expect((await stack.api(ownerId, 'POST', '/api/v1/accounts/acct-a/sync')).status).toBeLessThan(300);
    await converged('acct-a', [owner, u2], 'recreated after deletion in Okta');

    expect((await stack.api(ownerId, 'DELETE', '/api/v1/accounts/acct-a/extend')).status).toBeLessThan(300);
    await eventually(() => stack.appsFor('acct-a').length === 0, 20_000, 'un-extended');
  });

  it('the orphan search after an interrupted create, and Okta refusing with 429 and 5xx', async () => {
    const account = makeExtendedAccount({ id: 'acct-b', name: 'Orphan', appName: 'Portal' });
    // As if the server died after Okta created the app (then deactivated) but before the id was stored.
    stack.sim.directory.addApp({
      name: 'bookmark',
      label: 'Orphan - Portal',
      signOnMode: 'BOOKMARK',
      url: stack.launchUrl('acct-b'),
      status: 'INACTIVE',
    });
    await writeLink(stack.server.db, {
      accountId: 'acct-b',
      appId: null,
      label: 'Orphan - Portal',
      url: stack.launchUrl('acct-b'),
    });
    stack.sim.faults.set({ burst429: 3, errorRate: 0.2 });
    await stack.seed({ accounts: [account], shares: [makeShare({ account }, { user: owner }, 'owner', 's-b-owner')] });
    await converged('acct-b', [owner], 'orphan adopted');
    stack.sim.faults.clear();
    expect(stack.appsFor('acct-b')[0]?.status).toBe('ACTIVE');
    const statuses = stack.sim.requests().map((r) => r.status);
    expect(statuses).toContain(429);
  });

  it('checked every exchange and found none that departs from the spec', () => {
    // Printed so a run shows how much was checked, not only that nothing failed.
    console.info(`okta contract: ${recorder.exchanges} exchanges checked, ${recorder.violations.length} violations`);
    expect(recorder.violations).toEqual([]);
    expect(recorder.exchanges).toBeGreaterThan(20);
  });
});
