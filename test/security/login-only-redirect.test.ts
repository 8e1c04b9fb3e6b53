/**
 * A demoted owner (Login-only, still holding their owner share) tries to redirect an account's
 * login to a server of their own, so the next collaborator's launch fills their password there,
 * or to hand the account to an accomplice. Every attempt goes through a real replication push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeShare } from '../../dev/stack/workspace-factory';
import type { Account } from '../../domain/records';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // Lou once owned the shared account; the workspace role was lowered to Login-only since.
  await seedRecords(world.server, {
    shares: [makeShare({ account: 'acct-shared' }, { user: world.users.lou }, 'owner', 'sh-lou-owner')],
  });
});
afterAll(async () => {
  await world?.close();
});

interface PushAnswer {
  conflicts: { reason?: string; document: Record<string, unknown> }[];
}

async function pushAsLou(collection: string, rows: unknown[]): Promise<PushAnswer> {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await world.token('lou')}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as PushAnswer;
}

const stored = async <T>(collection: 'accounts' | 'shares', id: string): Promise<T | null> =>
  (await world.server.repo.get(world.server.db, collection, id)) as T | null;

describe('a Login-only owner cannot redirect an account or change who may use it', () => {
  it("refuses a change of the account's login URL and selectors, and stores nothing", async () => {
    const account = (await stored<Account>('accounts', 'acct-shared')) as Account;
    const seq = await world.server.repo.headSeq(world.server.db);
    const assumed = { ...account, _deleted: false };
    for (const change of [
      { loginUrl: 'https://attacker.example/login' },
      { loginSelectors: { password: '#harvest' } },
      { username: 'attacker@example.com' },
    ]) {
      const answer = await pushAsLou('accounts', [
        { newDocumentState: { ...account, ...change, _deleted: false }, assumedMasterState: assumed },
      ]);
      expect(answer.conflicts).toMatchObject([{ reason: 'login_only', document: { loginUrl: account.loginUrl } }]);
    }
    expect(await stored<Account>('accounts', 'acct-shared')).toEqual(account);
    expect(await world.server.repo.headSeq(world.server.db)).toBe(seq);
  });

  it('refuses sharing the account with an accomplice and removing its other users', async () => {
    const seq = await world.server.repo.headSeq(world.server.db);
    const grant = makeShare({ account: 'acct-shared' }, { user: world.users.cy }, 'owner', 'sh-accomplice');
    const added = await pushAsLou('shares', [
      { newDocumentState: { ...grant, _deleted: false }, assumedMasterState: null },
    ]);
    expect(added.conflicts).toMatchObject([{ reason: 'login_only' }]);

    const bobs = await stored<Record<string, unknown>>('shares', 'sh-bob-shared');
    const removed = await pushAsLou('shares', [
      { newDocumentState: { ...bobs, _deleted: true }, assumedMasterState: { ...bobs, _deleted: false } },
    ]);
    expect(removed.conflicts).toMatchObject([{ reason: 'login_only' }]);
    expect(await stored('shares', 'sh-accomplice')).toBeNull();
    expect(await stored('shares', 'sh-bob-shared')).toEqual(bobs);
    expect(await world.server.repo.headSeq(world.server.db)).toBe(seq);
  });
});
