/**
 * Orphaned-account recovery through the real server: Okta deprovisions an account's last Owner
 * (SCIM `active: false`), an admin finds the account under Orphaned accounts with the person who
 * owned it, names a member as the new Owner, and that member then pulls the account and its
 * password. Refusals: an account that still has an Owner, an unknown account, a target who is not
 * an active member or is Login-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeCredentials, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { Credentials, Share } from '../../../domain/records';
import type { AuditPage } from '../../../domain/wire/audit';
import { OrphanedList } from '../../../domain/wire/orphans';
import { rotateScimToken } from '../../../sync-server/scim/token';

const dana = makeUser({ id: 'user-dana', userName: 'dana@example.com', givenName: 'Dana', familyName: 'Lee' });

describe.each(['pglite', 'postgres'] as const)('orphaned accounts (%s)', (store) => {
  let world: SyncWorld;
  let scimToken: string;

  beforeAll(async () => {
    world = await startSyncWorld(store);
    scimToken = (await rotateScimToken(world.server.db, 'orphans-test')).token;
    const danas = makeAccount({ id: 'acct-dana', name: 'Dana’s Figma', appName: 'Figma' });
    const danas2 = makeAccount({ id: 'acct-dana-2', name: 'Dana’s Canva', appName: 'Canva' });
    await seedRecords(world.server, {
      users: [dana],
      accounts: [danas, danas2],
      credentials: [makeCredentials('acct-dana', { password: 'figma-secret' }), makeCredentials('acct-dana-2')],
      shares: [
        makeShare({ account: danas }, { user: dana }, 'owner', 'sh-dana'),
        makeShare({ account: danas }, { user: world.users.bob }, 'collaborator', 'sh-bob-dana'),
        makeShare({ account: danas2 }, { user: dana }, 'owner', 'sh-dana-2'),
      ],
    });
    // Okta's SCIM client deactivates Dana, as a deprovisioning does.
    const res = await fetch(`${world.server.url}/scim/v2/Users/${dana.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await world?.close();
  });

  const api = (person: Person, method: string, path: string, body?: unknown) => world.api(person, method, path, body);

  const assign = (person: Person, accountId: string, userId: unknown) =>
    api(person, 'POST', `/api/v1/accounts/${accountId}/owner`, { userId });

  async function listed(): Promise<OrphanedList['accounts']> {
    const res = await api('ada', 'GET', '/api/v1/accounts/orphaned');
    expect(res.status).toBe(200);
    return OrphanedList.parse(res.body).accounts;
  }

  it('lists the accounts whose last Owner left, naming them, with no credentials, username or login URL', async () => {
    const res = await api('ada', 'GET', '/api/v1/accounts/orphaned');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accounts: [
        {
          id: 'acct-dana-2',
          name: 'Dana’s Canva',
          appName: 'Canva',
          rotationRequired: true,
          formerOwners: [{ id: 'user-dana', name: 'Dana Lee' }],
        },
        {
          id: 'acct-dana',
          name: 'Dana’s Figma',
          appName: 'Figma',
          rotationRequired: true,
          formerOwners: [{ id: 'user-dana', name: 'Dana Lee' }],
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|secret|loginUrl|username|https?:/i);
  });

  it('refuses a target who left, is Login-only or does not exist, an unknown account, and a bad body', async () => {
    const left = await assign('ada', 'acct-dana', dana.id);
    expect(left.status).toBe(400);
    expect(left.body.error.code).toBe('target_not_member');
    const loginOnly = await assign('ada', 'acct-dana', world.users.lou.id);
    expect(loginOnly.status).toBe(400);
    expect(loginOnly.body.error).toMatchObject({ code: 'target_login_only' });
    expect((await assign('ada', 'acct-dana', 'nobody-here')).body.error.code).toBe('target_not_member');
    const unknown = await assign('ada', 'acct-nothing', world.users.cy.id);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await assign('ada', 'acct-dana', 42)).status).toBe(400);
    const extra = await api('ada', 'POST', '/api/v1/accounts/acct-dana/owner', {
      userId: world.users.cy.id,
      role: 'x',
    });
    expect(extra.status).toBe(400);
    expect((await listed()).map((a) => a.id)).toEqual(['acct-dana-2', 'acct-dana']);
  });

  it('gives a member the Owner share: audited as the admin’s, and the new Owner pulls the account and its password', async () => {
    const { ada, cy } = world.users;
    const res = await assign('ada', 'acct-dana', cy.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: 'acct-dana', userId: cy.id });

    const share = (await world.server.repo.get(world.server.db, 'shares', res.body.shareId)) as Share | null;
    expect(share).toMatchObject({ itemType: 'account', itemId: 'acct-dana', granteeType: 'user', granteeId: cy.id });
    expect(share?.role).toBe('owner');

    const audit = (await api('ada', 'GET', `/api/v1/audit?recordId=${res.body.shareId}`)).body as AuditPage;
    expect(audit.entries.map((e) => [e.action, e.actorId])).toContainEqual(['account.recoverOwner', ada.id]);

    const pulled = await api('cy', 'GET', '/api/v1/replication/credentials/pull');
    expect(pulled.status).toBe(200);
    const creds = (pulled.body.documents as Credentials[]).find((c) => c.id === 'acct-dana');
    expect(creds?.password).toBe('figma-secret');

    expect((await listed()).map((a) => a.id)).toEqual(['acct-dana-2']);
  });

  it('refuses a second recovery once the account has an Owner again', async () => {
    const res = await assign('ada', 'acct-dana', world.users.bob.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'not_orphaned', message: 'This account still has an Owner: ask them.' });
    const bobs = (await world.server.repo.get(world.server.db, 'shares', 'sh-bob-dana')) as Share | null;
    expect(bobs?.role).toBe('collaborator');
  });

  it('promotes a direct collaborator on their own share instead of adding a second one', async () => {
    await seedRecords(world.server, {
      shares: [makeShare({ account: 'acct-dana-2' }, { user: world.users.bob }, 'collaborator', 'sh-bob-dana-2')],
    });
    const res = await assign('ada', 'acct-dana-2', world.users.bob.id);
    expect(res.status).toBe(200);
    expect(res.body.shareId).toBe('sh-bob-dana-2');
    const bobs = (await world.server.repo.get(world.server.db, 'shares', 'sh-bob-dana-2')) as Share | null;
    expect(bobs?.role).toBe('owner');
    expect(await listed()).toEqual([]);
  });

  it('lets only one of two admins recovering the same account at once succeed', async () => {
    await seedRecords(world.server, {
      accounts: [makeAccount({ id: 'acct-race', name: 'Race' })],
      shares: [makeShare({ account: 'acct-race' }, { user: dana }, 'owner', 'sh-dana-race')],
    });
    // Dana is inactive, so her share leaves the account orphaned.
    expect((await listed()).map((a) => a.id)).toEqual(['acct-race']);
    const answers = await Promise.all([
      assign('ada', 'acct-race', world.users.bob.id),
      assign('ada', 'acct-race', world.users.cy.id),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const owners = await world.server.db.query<{ id: string }>(
      "select id from records where collection = 'shares' and not deleted and doc->>'itemId' = 'acct-race' and doc->>'role' = 'owner' and doc->>'granteeId' <> 'user-dana'",
    );
    expect(owners).toHaveLength(1);
  });
});
