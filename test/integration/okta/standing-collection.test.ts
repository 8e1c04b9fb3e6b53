/**
 * Extending a collection is a standing choice: accounts moved into it later — by a replicated
 * push from a desktop, the way the app moves them — are extended and get their chiclet; accounts
 * moved out lose it unless their owner extended them on their own. Real HTTP throughout: the sync
 * server's replication and API, PostgreSQL, the outbox and worker, the Okta SDK, the simulator.
 * Assertions read the simulated org, as a person would see their Okta dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeCollection, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { Account, Collection, User } from '../../../domain/records';
import { CollectionExtensionAnswer } from '../../../domain/wire/okta-extension';

function member(n: number, over: Partial<User> = {}): User {
  return makeUser({ id: `u${n}`, userName: `user${n}@example.com`, externalId: oktaUserId(n), ...over });
}

interface PushAnswer {
  conflicts: { reason?: string; message?: string; document: { id: string } }[];
}

describe('a standing collection extension', () => {
  let stack: OktaStack;
  const owner = member(1);
  const colleague = member(3);
  const ownerId = owner.externalId ?? '';
  const colleagueId = colleague.externalId ?? '';
  const brand = makeCollection({ id: 'brand', name: 'Brand' });
  const inside = makeAccount({ id: 'insta', name: 'Contentzilla', appName: 'Instagram', collectionId: 'brand' });
  const later = makeAccount({ id: 'tiktok', name: 'Contentzilla', appName: 'TikTok' });
  const mine = makeAccount({ id: 'x', name: 'Contentzilla', appName: 'X' });

  const stored = async <C extends 'accounts' | 'collections'>(collection: C, id: string) => {
    const doc = await stack.server.repo.get(stack.server.db, collection, id);
    if (doc === null) throw new Error(`expected ${collection}/${id} on the server`);
    return doc as C extends 'accounts' ? Account : Collection;
  };
  /**
   * What a desktop sends: the record as it last pulled it, and the record as edited. The
   * reconciler writes status onto accounts as it works, so a push can meet a newer version (a
   * conflict without a reason); the desktop then edits the newer one and pushes again, as here.
   */
  const push = async (collection: 'accounts' | 'collections', id: string, edit: (doc: Account) => object | null) => {
    for (let attempt = 1; ; attempt += 1) {
      const before = { ...(await stored(collection, id)), _deleted: false };
      const edited = edit(before as Account);
      const after = edited === null ? { ...before, _deleted: true } : { ...edited, _deleted: false };
      const res = await stack.api(ownerId, 'POST', `/api/v1/replication/${collection}/push`, [
        { assumedMasterState: before, newDocumentState: after },
      ]);
      expect(res.status).toBe(200);
      const answer = res.body as PushAnswer;
      const stale = answer.conflicts.length === 1 && answer.conflicts[0]?.reason === undefined;
      if (!stale || attempt === 10) return answer;
    }
  };
  const moveTo = (id: string, collectionId: string | null) => push('accounts', id, (doc) => ({ ...doc, collectionId }));
  const appUsers = (accountId: string) => stack.appsFor(accountId).map((a) => a.users);
  const hasApp = (accountId: string, users: string[], what: string) =>
    eventually(
      () => JSON.stringify(appUsers(accountId)) === JSON.stringify([[...users].sort()]) || undefined,
      20_000,
      what,
    );
  const noApp = (accountId: string, what: string) =>
    eventually(() => stack.appsFor(accountId).length === 0, 20_000, what);
  const stateOf = async (id: string, state: Account['extensionState']) =>
    eventually(async () => {
      const a = await stored('accounts', id);
      return a.extensionState === state ? a : undefined;
    });

  beforeAll(async () => {
    stack = await startOktaStack({ users: 4 });
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner, colleague],
      collections: [brand],
      accounts: [inside, later, mine],
      shares: [
        makeShare({ collection: brand }, { user: owner }, 'owner', 's-brand'),
        makeShare({ account: inside }, { user: owner }, 'owner', 's-insta'),
        makeShare({ account: later }, { user: owner }, 'owner', 's-tiktok'),
        makeShare({ account: later }, { user: colleague }, 'collaborator', 's-tiktok-colleague'),
        makeShare({ account: mine }, { user: owner }, 'owner', 's-x'),
      ],
    });
  });
  afterAll(async () => stack?.close());

  it('extending marks the collection and extends what is in it; only its owners may', async () => {
    const refused = await stack.api(colleagueId, 'POST', '/api/v1/collections/brand/extend');
    expect(refused.status).toBe(403);
    const res = await stack.api(ownerId, 'POST', '/api/v1/collections/brand/extend');
    expect(res.status).toBe(202);
    expect(CollectionExtensionAnswer.parse(res.body)).toMatchObject({
      collection: { id: 'brand', extended: true },
      accounts: 1,
    });
    await hasApp('insta', [ownerId], 'the collection’s account extended');
    expect(await stateOf('insta', 'synced')).toMatchObject({ extendedByCollection: true });
    expect(await stored('collections', 'brand')).toMatchObject({ extended: true });
    expect((await stored('collections', 'brand')).extendedAt).not.toBeNull();
  });

  it('an account a desktop moves into the extended collection is extended, with its people assigned', async () => {
    expect(await moveTo('tiktok', 'brand')).toEqual({ conflicts: [] });
    await hasApp('tiktok', [ownerId, colleagueId], 'the moved-in account extended');
    expect(stack.appsFor('tiktok')[0]).toMatchObject({ label: 'Contentzilla - TikTok', status: 'ACTIVE' });
    expect(await stateOf('tiktok', 'synced')).toMatchObject({ extendedByCollection: true });
  });

  it('an account created in the extended collection is extended', async () => {
    const created = makeAccount({ id: 'yt', name: 'Contentzilla', appName: 'YouTube', collectionId: 'brand' });
    const res = await stack.api(ownerId, 'POST', '/api/v1/replication/accounts/push', [
      { assumedMasterState: null, newDocumentState: { ...created, _deleted: false } },
    ]);
    expect(res).toMatchObject({ status: 200, body: { conflicts: [] } });
    await hasApp('yt', [ownerId], 'the created account extended');
  });

  it('its owner cannot take an account out of Okta while its collection extends it', async () => {
    const rest = await stack.api(ownerId, 'DELETE', '/api/v1/accounts/tiktok/extend');
    expect(rest).toMatchObject({ status: 409, body: { error: { code: 'extended_by_collection' } } });
    expect((rest.body as { error: { message: string } }).error.message).toContain('through its collection “Brand”');
    // Okta state is the server's: a replicated push cannot take it out either.
    const pushed = await push('accounts', 'tiktok', (doc) => ({ ...doc, extensionState: 'off' }));
    expect(pushed.conflicts).toMatchObject([{ reason: 'server_owned_field' }]);
    expect(appUsers('tiktok')).toHaveLength(1);
  });

  it('an account moved out leaves Okta; one extended on its own stays', async () => {
    expect((await stack.api(ownerId, 'POST', '/api/v1/accounts/x/extend')).status).toBe(202);
    await hasApp('x', [ownerId], 'extended on its own');
    expect(await moveTo('x', 'brand')).toEqual({ conflicts: [] });
    expect(await moveTo('tiktok', null)).toEqual({ conflicts: [] });
    await noApp('tiktok', 'the moved-out account removed from Okta');
    expect(await stateOf('tiktok', 'off')).toMatchObject({ extendedByCollection: false, extendedAt: null });
    // The reconciler forgets the deleted app once Okta confirmed it.
    await eventually(async () => (await stored('accounts', 'tiktok')).oktaAppId === null, 20_000, 'app id cleared');

    expect(await moveTo('x', null)).toEqual({ conflicts: [] });
    // Nothing to wait for on Okta's side: the account is queued and synced again, its app kept.
    expect(await stateOf('x', 'synced')).toMatchObject({ extendedByCollection: false, collectionId: null });
    expect(appUsers('x')).toEqual([[ownerId]]);
  });

  it('un-extending the collection removes the accounts it extended, keeps those extended on their own, and stops extending new ones', async () => {
    expect(await moveTo('x', 'brand')).toEqual({ conflicts: [] });
    const res = await stack.api(ownerId, 'DELETE', '/api/v1/collections/brand/extend');
    expect(res).toMatchObject({ status: 202, body: { collection: { extended: false }, accounts: 2 } });
    await noApp('insta', 'insta removed with its collection');
    await noApp('yt', 'yt removed with its collection');
    expect(await stateOf('insta', 'off')).toMatchObject({ extendedAt: null });
    expect(appUsers('x')).toEqual([[ownerId]]);
    expect(await stored('collections', 'brand')).toMatchObject({ extended: false, extendedAt: null });

    expect(await moveTo('tiktok', 'brand')).toEqual({ conflicts: [] });
    expect((await stored('accounts', 'tiktok')).extensionState).toBe('off');
  });

  it('deleting an extended collection takes the accounts it extended out of Okta', async () => {
    expect((await stack.api(ownerId, 'POST', '/api/v1/collections/brand/extend')).status).toBe(202);
    await hasApp('tiktok', [ownerId, colleagueId], 'tiktok extended again with the collection');
    for (const id of ['tiktok', 'insta', 'yt']) await stateOf(id, 'synced');
    expect(await push('collections', 'brand', () => null)).toEqual({ conflicts: [] });
    await noApp('tiktok', 'tiktok removed with its deleted collection');
    await noApp('insta', 'insta removed with its deleted collection');
    expect(await stateOf('tiktok', 'off')).toMatchObject({ collectionId: null });
    expect(appUsers('x')).toEqual([[ownerId]]);
  });
});
