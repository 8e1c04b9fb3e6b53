/**
 * What provisioning means in Latchkey (seed okta-user-provisioning-with-scim.md): deactivation
 * removes access and flags passwords for rotation, reactivation restores nothing, DELETE removes
 * the user from the workspace but keeps the record for admins. Each change is written through the
 * records repository, so it is announced to live replicas (NOTIFY latchkey_changes on commit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, patchOp, type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';
import { makeAccount, makeCollection, makeShare } from '../../../dev/stack/workspace-factory';
import type { Account, Share, Team, User } from '../../../domain/records';
import type { CollectionName } from '../../../domain/wire/collections';
import { CHANGES_CHANNEL, ChangeNotice } from '../../../sync-server/store/change-notice';

const ADMIN = { type: 'system', name: 'test-seed' } as const;

describe.each(STORES)('SCIM deprovisioning (%s)', (store) => {
  let scim: ScimHarness;
  let ann = '';
  let bob = '';
  let team = '';
  let firstMarkedAt: string | null = null;
  const notified: ChangeNotice[] = [];
  let unlisten: () => Promise<void> = async () => {};

  const get = async <T>(collection: 'users' | 'accounts' | 'shares' | 'teams', id: string) =>
    (
      await scim.db.query<{ doc: T; deleted: boolean }>(
        'select doc, deleted from records where collection = $1 and id = $2',
        [collection, id],
      )
    )[0];

  beforeAll(async () => {
    scim = await startScim(store);
    unlisten = await scim.db.listen(CHANGES_CHANNEL, (payload) =>
      notified.push(ChangeNotice.parse(JSON.parse(payload))),
    );
    ann = (await scim.request('POST', '/Users', oktaUser('ann.lee@example.com', { externalId: '00uann' }))).body.id;
    bob = (await scim.request('POST', '/Users', oktaUser('bob.stone@example.com'))).body.id;
    team = (await scim.request('POST', '/Groups', { displayName: 'Social', members: [{ value: ann }, { value: bob }] }))
      .body.id;

    const social = makeCollection({ id: 'social' });
    const accounts = [
      makeAccount({ id: 'instagram' }),
      makeAccount({ id: 'tiktok' }),
      makeAccount({ id: 'x-in-collection', collectionId: 'social' }),
      makeAccount({ id: 'bobs-vendor' }),
    ];
    const shares = [
      makeShare({ account: accounts[0] as Account }, { user: { id: ann } as User }, 'owner', 'share-ann-instagram'),
      makeShare(
        { account: accounts[1] as Account },
        { team: { id: team } as Team },
        'collaborator',
        'share-team-tiktok',
      ),
      makeShare({ collection: social }, { user: { id: ann } as User }, 'collaborator', 'share-ann-social'),
      makeShare({ account: accounts[3] as Account }, { user: { id: bob } as User }, 'owner', 'share-bob-vendor'),
    ];
    await scim.db.transaction(async (tx) => {
      await scim.repo.put(tx, 'collections', social, ADMIN);
      for (const a of accounts) await scim.repo.put(tx, 'accounts', a, ADMIN);
      for (const s of shares) await scim.repo.put(tx, 'shares', s, ADMIN);
    });
  });
  afterAll(async () => {
    await unlisten();
    await scim?.close();
  });

  it('deactivation disables the user, removes their direct shares and team membership, flags what they could use, and audits it', async () => {
    notified.length = 0;
    const res = await scim.request('PATCH', `/Users/${ann}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);

    expect((await get<User>('users', ann))?.doc.active).toBe(false);
    expect((await get<Share>('shares', 'share-ann-instagram'))?.deleted).toBe(true);
    expect((await get<Share>('shares', 'share-ann-social'))?.deleted).toBe(true);
    expect((await get<Share>('shares', 'share-team-tiktok'))?.deleted).toBe(false);
    expect((await get<Share>('shares', 'share-bob-vendor'))?.deleted).toBe(false);
    expect((await get<Team>('teams', team))?.doc.memberIds).toEqual([bob]);

    const flagged = async (id: string) => (await get<Account>('accounts', id))?.doc.rotationRequired;
    expect(await flagged('instagram')).toBe(true);
    expect(await flagged('tiktok')).toBe(true);
    expect(await flagged('x-in-collection')).toBe(true);
    expect(await flagged('bobs-vendor')).toBe(false);
    // The mark says when and whose departure requires it (the account banner names them).
    const tiktok = (await get<Account>('accounts', 'tiktok'))?.doc;
    expect(tiktok?.rotationDepartedUserIds).toEqual([ann]);
    expect(tiktok?.rotationRequiredAt).not.toBeNull();
    firstMarkedAt = tiktok?.rotationRequiredAt ?? null;

    const audit = await scim.db.query<{ detail: Record<string, string[]> }>(
      "select detail from audit_events where action = 'scim.user.deprovisioned' and record_id = $1",
      [ann],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail.rotationRequiredAccountIds?.sort()).toEqual(['instagram', 'tiktok', 'x-in-collection']);

    // Announced to replicas after commit (the sync server's live stream listens on this channel).
    await expect
      .poll(
        () =>
          ['users', 'shares', 'teams', 'accounts'].filter(
            (c) => !notified.some((n) => n.collections.includes(c as CollectionName)),
          ),
        {
          timeout: 5000,
        },
      )
      .toEqual([]);
  });

  it('reactivation makes the user active again with no access restored', async () => {
    const res = await scim.request('PATCH', `/Users/${ann}`, patchOp({ op: 'replace', value: { active: true } }));
    expect(res.body.active).toBe(true);
    expect((await get<Share>('shares', 'share-ann-instagram'))?.deleted).toBe(true);
    expect((await get<Team>('teams', team))?.doc.memberIds).toEqual([bob]);
  });

  it('DELETE removes the user from the workspace but keeps the record, disabled, for admins', async () => {
    expect((await scim.request('DELETE', `/Users/${bob}`)).status).toBe(204);
    const row = await get<User>('users', bob);
    expect(row?.deleted).toBe(false);
    expect(row?.doc).toMatchObject({ active: false, userName: 'bob.stone@example.com' });
    expect(row?.doc.removedAt).not.toBeNull();
    expect((await get<Share>('shares', 'share-bob-vendor'))?.deleted).toBe(true);
    expect((await get<Account>('accounts', 'bobs-vendor'))?.doc.rotationRequired).toBe(true);
    // Bob reached tiktok through the team too: the waiting mark keeps its time and names both.
    const tiktok = (await get<Account>('accounts', 'tiktok'))?.doc;
    expect(tiktok?.rotationDepartedUserIds).toEqual([ann, bob]);
    expect(tiktok?.rotationRequiredAt).toBe(firstMarkedAt);
    expect((await scim.request('GET', `/Users/${bob}`)).status).toBe(404);
    // The userName is free again: Okta may provision the person anew.
    expect((await scim.request('POST', '/Users', oktaUser('bob.stone@example.com'))).status).toBe(201);
  });
});
