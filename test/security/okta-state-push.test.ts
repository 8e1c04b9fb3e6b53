/**
 * Okta state has one write path: the REST commands (`PUT /api/v1/workspace/extended-access`,
 * `POST|DELETE /api/v1/accounts/:id/extend`), which stamp `extendedAt` and clear `lastError` as
 * the server does. A replicated push of the same change — even by the workspace's Owner, who
 * owns the account and may run every command — is refused as a server-owned field: the pusher
 * gets the server's state back, nothing is written or queued, and no call reaches Okta. Real
 * HTTP throughout: replication, the API, PostgreSQL, the outbox and worker, the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../dev/stack/eventually';
import { oktaUserId } from '../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../dev/stack/workspace-factory';
import type { Account, User, WorkspaceSettings } from '../../domain/records';
import { AccountExtensionAnswer, ExtendedAccessAnswer } from '../../domain/wire/okta-extension';
import { fingerprint } from './support/store-fingerprint';

interface PushAnswer {
  conflicts: { reason?: string; document: Record<string, unknown> }[];
}

const owner: User = makeUser({ id: 'u1', userName: 'user1@example.com', role: 'owner', externalId: oktaUserId(1) });
const ownerId = oktaUserId(1);
const account = makeAccount({ id: 'acct', name: 'Brand', appName: 'Instagram' });

let stack: OktaStack;
beforeAll(async () => {
  stack = await startOktaStack({ users: 2 });
  await stack.seed({
    settings: [makeSettings({ extendedAccessEnabled: false })],
    users: [owner],
    accounts: [account],
    shares: [makeShare({ account }, { user: owner }, 'owner', 's-acct')],
  });
});
afterAll(async () => stack?.close());

const stored = async <C extends 'accounts' | 'settings'>(collection: C, id: string) => {
  const doc = await stack.server.repo.get(stack.server.db, collection, id);
  if (doc === null) throw new Error(`expected ${collection}/${id} on the server`);
  return doc as C extends 'accounts' ? Account : WorkspaceSettings;
};
const push = async (collection: 'accounts' | 'settings', before: object, after: object) => {
  const res = await stack.api(ownerId, 'POST', `/api/v1/replication/${collection}/push`, [
    { assumedMasterState: { ...before, _deleted: false }, newDocumentState: { ...after, _deleted: false } },
  ]);
  expect(res.status).toBe(200);
  return res.body as PushAnswer;
};
/** Management API calls about apps: what extending, syncing or removing would send to Okta. */
const appCalls = () => stack.sim.requests().filter((r) => r.path.startsWith('/api/v1/apps')).length;

/** Pushes `edit` of the stored record and proves it was refused with the server's state and left no trace. */
async function refusedWithoutTrace(collection: 'accounts' | 'settings', id: string, edit: object) {
  const current = await stored(collection, id);
  const before = await fingerprint(stack.server.db);
  const calls = appCalls();
  const answer = await push(collection, current, { ...current, ...edit });
  expect(answer.conflicts).toHaveLength(1);
  expect(answer.conflicts[0]?.reason).toBe('server_owned_field');
  // The replica is told the server's state, so it shows what is true.
  expect(answer.conflicts[0]?.document).toMatchObject({ ...current, _deleted: false });
  expect(await fingerprint(stack.server.db)).toEqual(before);
  expect(appCalls()).toBe(calls);
}

describe('Okta state pushed over replication', () => {
  it('an Owner cannot turn Extended account access on by pushing the settings; the command can', async () => {
    await refusedWithoutTrace('settings', 'workspace', { extendedAccessEnabled: true });
    expect((await stored('settings', 'workspace')).extendedAccessEnabled).toBe(false);

    const on = await stack.api(ownerId, 'PUT', '/api/v1/workspace/extended-access', { enabled: true });
    expect(on.status).toBe(200);
    expect(ExtendedAccessAnswer.parse(on.body).enabled).toBe(true);
    expect((await stored('settings', 'workspace')).extendedAccessEnabled).toBe(true);
    // …and cannot turn it off by a push either.
    await refusedWithoutTrace('settings', 'workspace', { extendedAccessEnabled: false });
  });

  it('an account Owner cannot extend the account by pushing extensionState, extendedAt or lastError', async () => {
    await refusedWithoutTrace('accounts', 'acct', { extensionState: 'pending' });
    await refusedWithoutTrace('accounts', 'acct', {
      extensionState: 'pending',
      extendedAt: '2026-02-01T09:00:00.000Z',
    });
    await refusedWithoutTrace('accounts', 'acct', { extendedByCollection: true });
    await refusedWithoutTrace('accounts', 'acct', { lastError: 'forged reason shown to every member' });
    expect(stack.appsFor('acct')).toEqual([]);
    expect(await stored('accounts', 'acct')).toMatchObject({ extensionState: 'off', extendedAt: null });
  });

  it('the extend command works, stamping extendedAt; an extended account cannot be pushed off or to synced', async () => {
    const res = await stack.api(ownerId, 'POST', '/api/v1/accounts/acct/extend');
    expect(res.status).toBe(202);
    const answer = AccountExtensionAnswer.parse(res.body).account;
    expect(answer).toMatchObject({ id: 'acct', extensionState: 'pending', lastError: null });
    expect(answer.extendedAt).toEqual(expect.any(String));
    const synced = await eventually(async () => {
      const a = await stored('accounts', 'acct');
      return a.extensionState === 'synced' ? a : undefined;
    });
    expect(synced?.extendedAt).toEqual(expect.any(String));
    expect(stack.appsFor('acct').map((a) => a.users)).toEqual([[ownerId]]);
    // The worker has nothing left to write, so the fingerprints below compare a still store.
    await eventually(
      async () => ((await stack.api(ownerId, 'GET', '/api/v1/okta/status')).body as { pending: number }).pending === 0,
    );

    await refusedWithoutTrace('accounts', 'acct', { extensionState: 'off' });
    await refusedWithoutTrace('accounts', 'acct', { extensionState: 'error', lastError: 'forged' });
    expect(stack.appsFor('acct')).toHaveLength(1);

    const removed = await stack.api(ownerId, 'DELETE', '/api/v1/accounts/acct/extend');
    expect(removed.status).toBe(202);
    expect(AccountExtensionAnswer.parse(removed.body).account).toMatchObject({
      extensionState: 'off',
      extendedAt: null,
    });
    await eventually(() => stack.appsFor('acct').length === 0, 20_000, 'the app removed from Okta');
  });
});
