import { type BookmarkApplication, Client } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { ALICE, BOB, CAROL, MARKETING, TEST_SEED } from './support/seed';

let sim: OktaSim;
let client: Client;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED });
  // Explicit configuration: the SDK otherwise reads ~/.okta/okta.yaml and OKTA_* variables.
  client = new Client({ orgUrl: sim.url, token: sim.apiToken, authorizationMode: 'SSWS', cacheMiddleware: null });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
});

function bookmark(label: string, url: string): BookmarkApplication {
  return {
    name: 'bookmark',
    label,
    signOnMode: 'BOOKMARK',
    settings: { app: { url, requestIntegration: false } },
  } as BookmarkApplication;
}

async function collect<T>(c: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of c) if (item) out.push(item);
  return out;
}

describe('apps through the official Okta SDK', () => {
  it('creates, reads, relabels, deactivates and deletes a bookmark app', async () => {
    const created = (await client.applicationApi.createApplication({
      application: bookmark('Contentzilla - Instagram', 'https://sync.example/launch/acc1'),
    })) as BookmarkApplication;
    expect(created.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(created.status).toBe('ACTIVE');
    expect(created.settings?.app?.url).toBe('https://sync.example/launch/acc1');

    const fetched = (await client.applicationApi.getApplication({ appId: created.id ?? '' })) as BookmarkApplication;
    expect(fetched.label).toBe('Contentzilla - Instagram');

    const relabelled = (await client.applicationApi.replaceApplication({
      appId: created.id ?? '',
      application: bookmark('Contentzilla - Instagram (2)', 'https://sync.example/launch/acc1'),
    })) as BookmarkApplication;
    expect(relabelled.label).toBe('Contentzilla - Instagram (2)');

    // Okta refuses to delete an active app.
    await expect(client.applicationApi.deleteApplication({ appId: created.id ?? '' })).rejects.toMatchObject({
      status: 403,
      errorCode: 'E0000056',
    });
    await client.applicationApi.deactivateApplication({ appId: created.id ?? '' });
    await client.applicationApi.deleteApplication({ appId: created.id ?? '' });
    await expect(client.applicationApi.getApplication({ appId: created.id ?? '' })).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('refuses an app without a label with E0000001 and its causes', async () => {
    await expect(
      client.applicationApi.createApplication({ application: bookmark('', 'https://sync.example/launch/x') }),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
  });

  it('assigns and unassigns users and groups', async () => {
    const app = await client.applicationApi.createApplication({
      application: bookmark('Acme - Portal', 'https://sync.example/launch/acc2'),
    });
    const appId = app.id ?? '';
    const appUser = await client.applicationApi.assignUserToApplication({ appId, appUser: { id: BOB } });
    expect(appUser.id).toBe(BOB);
    await client.applicationApi.assignGroupToApplication({ appId, groupId: MARKETING });

    const users = await collect(await client.applicationApi.listApplicationUsers({ appId }));
    expect(users.map((u) => [u.id, u.scope]).sort()).toEqual(
      [
        [ALICE, 'GROUP'],
        [BOB, 'USER'],
        [CAROL, 'GROUP'],
      ].sort(),
    );
    const groups = await collect(await client.applicationApi.listApplicationGroupAssignments({ appId }));
    expect(groups.map((g) => g.id)).toEqual([MARKETING]);

    await client.applicationApi.unassignUserFromApplication({ appId, userId: BOB });
    await client.applicationApi.unassignApplicationFromGroup({ appId, groupId: MARKETING });
    expect(await collect(await client.applicationApi.listApplicationUsers({ appId }))).toEqual([]);
    await expect(client.applicationApi.unassignUserFromApplication({ appId, userId: BOB })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('pages through apps with limit and the Link header, and filters with q and filter', async () => {
    const labels = ['Page - A', 'Page - B', 'Page - C', 'Page - D', 'Page - E'];
    const ids: string[] = [];
    for (const label of labels) {
      const a = await client.applicationApi.createApplication({
        application: bookmark(label, 'https://sync.example/launch/p'),
      });
      ids.push(a.id ?? '');
    }
    await client.applicationApi.deactivateApplication({ appId: ids[4] ?? '' });
    await client.applicationApi.assignUserToApplication({ appId: ids[0] ?? '', appUser: { id: CAROL } });

    sim.resetLog();
    const paged = await collect(
      await client.applicationApi.listApplications({ q: 'Page', limit: 2, includeNonDeleted: true }),
    );
    expect(paged.map((a) => a.label)).toEqual(labels);
    // Five results at two per page: three requests, each following the previous `next` link.
    const listCalls = sim.requests().filter((r) => r.path === '/api/v1/apps' && r.method === 'GET');
    expect(listCalls).toHaveLength(3);
    expect(listCalls[1]?.query.after).toBeTruthy();

    // Without includeNonDeleted only ACTIVE apps are listed (Okta's listApplications reference).
    const byDefault = await collect(await client.applicationApi.listApplications({ q: 'Page' }));
    expect(byDefault.map((a) => a.label)).toEqual(labels.slice(0, 4));
    const active = await collect(
      await client.applicationApi.listApplications({
        q: 'Page',
        filter: 'status eq "ACTIVE"',
        includeNonDeleted: true,
      }),
    );
    expect(active).toHaveLength(4);
    // `user.id` is no longer a filter of listApplications in Okta's spec: refused as Okta refuses filters.
    const byUser = async () =>
      collect(await client.applicationApi.listApplications({ filter: `user.id eq "${CAROL}"` }));
    await expect(byUser()).rejects.toMatchObject({ status: 400, errorCode: 'E0000031' });
  });
});

describe('users and groups through the official Okta SDK', () => {
  it('gets users by id and by login, and walks a new user through Okta’s lifecycle', async () => {
    const byLogin = await client.userApi.getUser({ userId: 'alice@example.com' });
    expect(byLogin.id).toBe(ALICE);
    const withPassword = await client.userApi.createUser({
      body: {
        profile: { login: 'erin@example.com', email: 'erin@example.com', firstName: 'Erin', lastName: 'New' },
        credentials: { password: { value: 'Erin-pass-1' } },
      },
    });
    expect(withPassword.status).toBe('ACTIVE');
    await expect(
      client.userApi.createUser({
        body: { profile: { login: 'erin@example.com', email: 'erin@example.com', firstName: 'E', lastName: 'N' } },
      }),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });

    // Without a password an activated user waits for first sign-in (PROVISIONED).
    const created = await client.userApi.createUser({
      body: { profile: { login: 'dave@example.com', email: 'dave@example.com', firstName: 'Dave', lastName: 'New' } },
    });
    const userId = created.id ?? '';
    expect(created.status).toBe('PROVISIONED');
    await client.userApi.reactivateUser({ userId, sendEmail: false });
    expect((await client.userApi.getUser({ userId })).status).toBe('ACTIVE');
    await client.userApi.deactivateUser({ userId });
    expect((await client.userApi.getUser({ userId })).status).toBe('DEPROVISIONED');
    // A deactivated user is activated again, not reactivated (Users API lifecycle).
    await expect(client.userApi.reactivateUser({ userId, sendEmail: false })).rejects.toMatchObject({
      status: 403,
      errorCode: 'E0000038',
    });
    await client.userApi.activateUser({ userId, sendEmail: false });
    expect((await client.userApi.getUser({ userId })).status).toBe('ACTIVE');
  });

  it('adds and removes group members', async () => {
    await client.groupApi.assignUserToGroup({ groupId: MARKETING, userId: BOB });
    let members = await collect(await client.groupApi.listGroupUsers({ groupId: MARKETING }));
    expect(members.map((m) => m.id)).toContain(BOB);
    await client.groupApi.unassignUserFromGroup({ groupId: MARKETING, userId: BOB });
    members = await collect(await client.groupApi.listGroupUsers({ groupId: MARKETING }));
    expect(members.map((m) => m.id)).not.toContain(BOB);
    const group = await client.groupApi.getGroup({ groupId: MARKETING });
    expect(group.profile?.name).toBe('Marketing');
  });
});
