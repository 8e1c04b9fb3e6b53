/**
 * End to end: the Okta simulator's SCIM client (the "Latchkey" app integration, sending exactly
 * Okta's requests) provisions the demo organisation into the sync server's SCIM endpoint —
 * users, groups, a profile change, deactivation, reactivation, a group rename and membership
 * changes — and the server's records and change feed are asserted. PGlite and PostgreSQL.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';
import { makeAccount, makeShare } from '../../../dev/stack/workspace-factory';
import type { Account, Share, Team, User } from '../../../domain/records';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { CHANGES_CHANNEL, ChangeNotice } from '../../../sync-server/store/change-notice';

const seed = JSON.parse(await readFile(new URL('../../../okta-sim/seeds/demo.json', import.meta.url), 'utf8'));
const OKTA = {
  olivia: '00uw9IahZD7nNRcpz8VI',
  adam: '00uZu3i1pQScn52qkIKO',
  maya: '00u99BRdWlSvuNTtbv10',
  sam: '00udrZrMWtkmx2pscIzX',
  lena: '00utA7C50vfW1U9vX7Yk',
  dan: '00ule60iBgCCKQUYhpRN',
};
const MARKETING = '00gtPEQPmaueHngz4yg6';
const SUPPORT = '00gWhmiBDDYzUtiz5pBM';

describe.each(STORES)('Okta provisions the demo organisation over SCIM (%s)', (store) => {
  let scim: ScimHarness;
  let okta: OktaSim;
  const changes: string[] = [];
  let unlisten: () => Promise<void> = async () => {};

  beforeAll(async () => {
    scim = await startScim(store);
    unlisten = await scim.db.listen(CHANGES_CHANNEL, (p) =>
      changes.push(...ChangeNotice.parse(JSON.parse(p)).collections),
    );
    okta = await startOktaSim({ port: 0, seed, scim: { baseUrl: scim.base, token: scim.token } });
  });
  afterAll(async () => {
    await okta?.close();
    await unlisten();
    await scim?.close();
  });

  const users = async () =>
    (
      await scim.db.query<{ doc: User }>("select doc from records where collection = 'users' order by doc->>'userName'")
    ).map((r) => r.doc);
  const userByOktaId = async (oktaId: string) => (await users()).find((u) => u.externalId === oktaId);
  const team = async (name: string) =>
    (
      await scim.db.query<{ doc: Team }>(
        "select doc from records where collection = 'teams' and not deleted and doc->>'displayName' = $1",
        [name],
      )
    )[0]?.doc;
  const idsOf = async (...oktaIds: string[]) =>
    Promise.all(oktaIds.map(async (o) => (await userByOktaId(o))?.id)).then((ids) => ids.sort());
  const failedTasks = () => okta.provisioning.tasks().filter((t) => t.status !== 'SUCCESS');

  it('assigning users to the app creates them as active workspace users keyed by their Okta id', async () => {
    for (const id of Object.values(OKTA)) await okta.admin.assignUserToApp(id);
    expect(failedTasks()).toEqual([]);
    const all = await users();
    expect(all).toHaveLength(6);
    expect(all.every((u) => u.active && u.role === 'user' && u.removedAt === null)).toBe(true);
    expect(await userByOktaId(OKTA.maya)).toMatchObject({
      userName: 'maya.marketing@latchkey.test',
      givenName: 'Maya',
      familyName: 'Marketing',
    });
    expect(changes).toContain('users');
  });

  it('pushing groups creates teams with the pushed members', async () => {
    await okta.admin.pushGroup(MARKETING);
    await okta.admin.pushGroup(SUPPORT);
    expect(failedTasks()).toEqual([]);
    expect((await team('Marketing'))?.memberIds.sort()).toEqual(await idsOf(OKTA.olivia, OKTA.maya, OKTA.lena));
    expect((await team('Support'))?.memberIds.sort()).toEqual(await idsOf(OKTA.adam, OKTA.sam, OKTA.dan));
  });

  it('a profile change updates first name, last name and primary email', async () => {
    await okta.admin.updateProfile(OKTA.maya, {
      firstName: 'Maia',
      lastName: 'Brand',
      login: 'maia.brand@latchkey.test',
      email: 'maia.brand@latchkey.test',
    });
    expect(failedTasks()).toEqual([]);
    expect(await userByOktaId(OKTA.maya)).toMatchObject({
      userName: 'maia.brand@latchkey.test',
      givenName: 'Maia',
      familyName: 'Brand',
    });
  });

  it('deactivation disables the user and removes their access; reactivation restores none', async () => {
    const dan = await userByOktaId(OKTA.dan);
    if (!dan) throw new Error('dan was not provisioned');
    const vendor = makeAccount({ id: 'vendor-portal' });
    await scim.db.transaction(async (tx) => {
      await scim.repo.put(tx, 'accounts', vendor, { type: 'system', name: 'test-seed' });
      await scim.repo.put(tx, 'shares', makeShare({ account: vendor }, { user: dan }, 'collaborator', 'share-dan'), {
        type: 'system',
        name: 'test-seed',
      });
    });

    await okta.admin.deactivateUser(OKTA.dan);
    expect(failedTasks()).toEqual([]);
    expect((await userByOktaId(OKTA.dan))?.active).toBe(false);
    const share = await scim.db.query<{ deleted: boolean; doc: Share }>(
      "select deleted, doc from records where collection = 'shares' and id = 'share-dan'",
    );
    expect(share[0]?.deleted).toBe(true);
    const account = await scim.db.query<{ doc: Account }>(
      "select doc from records where collection = 'accounts' and id = 'vendor-portal'",
    );
    expect(account[0]?.doc.rotationRequired).toBe(true);
    expect((await team('Support'))?.memberIds).not.toContain(dan.id);

    await okta.admin.reactivateUser(OKTA.dan);
    expect(failedTasks()).toEqual([]);
    expect((await userByOktaId(OKTA.dan))?.active).toBe(true);
    const after = await scim.db.query(
      "select 1 from records where collection = 'shares' and not deleted and doc->>'granteeId' = $1",
      [dan.id],
    );
    expect(after).toEqual([]);
  });

  it('a group rename and membership changes follow into the team', async () => {
    await okta.admin.renameGroup(SUPPORT, 'Customer Care');
    await okta.admin.addGroupMember(SUPPORT, OKTA.olivia);
    await okta.admin.removeGroupMember(SUPPORT, OKTA.sam);
    expect(failedTasks()).toEqual([]);
    expect(await team('Support')).toBeUndefined();
    const care = await team('Customer Care');
    expect(care?.memberIds.sort()).toEqual(await idsOf(OKTA.adam, OKTA.olivia));
    expect(changes).toContain('teams');
  });
});
