/**
 * Every propagation the seeds list, over real HTTP: the sync server's API (real OIDC tokens
 * from the simulator), the outbox and worker, the Okta SDK, and the simulated Okta org.
 * Assertions read the simulated org — what a person would see on their Okta dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import type { Account, Share, Team, User } from '../../../domain/records';

const OWNER = 1;
const ADMIN = 2;

function member(n: number, over: Partial<User> = {}): User {
  return makeUser({ id: `u${n}`, userName: `user${n}@example.com`, externalId: oktaUserId(n), ...over });
}

describe('extended accounts propagate to Okta', () => {
  let stack: OktaStack;
  const owner = member(OWNER, { role: 'owner' });
  const admin = member(ADMIN, { role: 'admin' });
  const users = Array.from({ length: 8 }, (_, i) => member(3 + i));
  const [u3, u4, u5, u6, u7, u8, u9, u10] = users as [User, User, User, User, User, User, User, User];

  const put = async (collection: 'shares' | 'teams' | 'accounts' | 'users', doc: Share | Team | Account | User) => {
    await stack.seed({ [collection]: [doc] });
  };
  const remove = async (collection: 'shares' | 'accounts', id: string) => {
    await stack.server.db.transaction((tx) =>
      stack.server.repo.remove(tx, collection, id, { type: 'system', name: 'test' }),
    );
  };
  const assignees = (accountId: string) => stack.appsFor(accountId)[0]?.users ?? [];
  const waitFor = (accountId: string, expected: string[], what: string) =>
    eventually(() => JSON.stringify(assignees(accountId)) === JSON.stringify([...expected].sort()), 20_000, what);

  beforeAll(async () => {
    stack = await startOktaStack({ users: 12, contract: true });
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: false })],
      users: [owner, admin, ...users],
    });
  });
  afterAll(async () => stack?.close());

  it('only admins turn the feature on', async () => {
    const refused = await stack.api(u3.externalId ?? '', 'PUT', '/api/v1/workspace/extended-access', { enabled: true });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'not_admin' } });
    const on = await stack.api(admin.externalId ?? '', 'PUT', '/api/v1/workspace/extended-access', { enabled: true });
    expect(on).toMatchObject({ status: 200, body: { enabled: true } });
  });

  it('extending an account creates one bookmark app assigned to its eligible owners and collaborators only', async () => {
    const account = makeAccount({ id: 'insta', name: 'Contentzilla', appName: 'Instagram' });
    const noIdentity = makeUser({ id: 'noid', externalId: null });
    const loginOnly = member(11, { role: 'loginOnly' });
    const inactive = member(12, { active: false });
    await stack.seed({
      users: [noIdentity, loginOnly, inactive],
      accounts: [account],
      credentials: [makeCredentials('insta', { password: 'hunter2-secret-pw', totpSecret: 'JBSWY3DPEHPK3PXQ' })],
      shares: [
        makeShare({ account }, { user: owner }, 'owner', 's-owner'),
        makeShare({ account }, { user: u3 }, 'collaborator', 's-u3'),
        makeShare({ account }, { user: noIdentity }, 'collaborator', 's-noid'),
        makeShare({ account }, { user: loginOnly }, 'collaborator', 's-lo'),
        makeShare({ account }, { user: inactive }, 'collaborator', 's-inactive'),
      ],
    });

    const notOwner = await stack.api(u3.externalId ?? '', 'POST', '/api/v1/accounts/insta/extend');
    expect(notOwner.status).toBe(403);
    expect(notOwner.body).toMatchObject({ error: { code: 'not_item_owner' } });

    const res = await stack.api(owner.externalId ?? '', 'POST', '/api/v1/accounts/insta/extend');
    expect(res).toMatchObject({ status: 202, body: { account: { extensionState: 'pending' } } });
    await waitFor('insta', [owner.externalId ?? '', u3.externalId ?? ''], 'first sync');

    const [app, ...extra] = stack.appsFor('insta');
    expect(extra).toEqual([]);
    expect(app).toMatchObject({ label: 'Contentzilla - Instagram', status: 'ACTIVE', url: stack.launchUrl('insta') });
    const stored = await eventually(async () => {
      const a = await stack.server.repo.get(stack.server.db, 'accounts', 'insta');
      return a?.extensionState === 'synced' ? a : undefined;
    });
    expect(stored).toMatchObject({ oktaAppId: app?.id, lastError: null });
    expect(stored?.lastSyncedAt).not.toBeNull();
    expect(stored?.extendedAt).not.toBeNull();
    // Replicas receive the status: the collaborator's pull carries it.
    const pull = await stack.api(u3.externalId ?? '', 'GET', '/api/v1/replication/accounts/pull?limit=100');
    const docs = (pull.body as { documents: Account[] }).documents;
    expect(docs.find((d) => d.id === 'insta')).toMatchObject({ extensionState: 'synced', oktaAppId: app?.id });
  });

  it('shares and unshares through a user, a team, a collection and a team on a collection', async () => {
    const coll = makeCollection({ id: 'brand' });
    const team = makeTeam({ id: 'marketing', memberIds: [u5.id] });
    const inColl = makeAccount({ id: 'tiktok', name: 'Contentzilla', appName: 'TikTok', collectionId: 'brand' });
    await stack.seed({
      teams: [team],
      collections: [coll],
      accounts: [inColl],
      shares: [makeShare({ collection: coll }, { user: owner }, 'owner', 'c-owner')],
    });
    expect((await stack.api(owner.externalId ?? '', 'POST', '/api/v1/collections/brand/extend')).status).toBe(202);
    await waitFor('tiktok', [owner.externalId ?? ''], 'collection extended');

    await put('shares', makeShare({ account: 'insta' }, { user: u4 }, 'collaborator', 's-u4'));
    await waitFor(
      'insta',
      [owner, u3, u4].map((u) => u.externalId ?? ''),
      'user share',
    );

    await put('shares', makeShare({ account: 'insta' }, { team }, 'collaborator', 's-team'));
    await waitFor(
      'insta',
      [owner, u3, u4, u5].map((u) => u.externalId ?? ''),
      'team share',
    );

    await put('shares', makeShare({ collection: coll }, { user: u6 }, 'collaborator', 'c-u6'));
    await waitFor(
      'tiktok',
      [owner, u6].map((u) => u.externalId ?? ''),
      'collection share',
    );

    await put('shares', makeShare({ collection: coll }, { team }, 'collaborator', 'c-team'));
    await waitFor(
      'tiktok',
      [owner, u5, u6].map((u) => u.externalId ?? ''),
      'team on collection',
    );

    // Team membership from SCIM: a new member gets every chiclet the team gives.
    await put('teams', { ...team, memberIds: [u5.id, u7.id] });
    await waitFor(
      'insta',
      [owner, u3, u4, u5, u7].map((u) => u.externalId ?? ''),
      'new team member (account)',
    );
    await waitFor(
      'tiktok',
      [owner, u5, u6, u7].map((u) => u.externalId ?? ''),
      'new team member (collection)',
    );

    await remove('shares', 's-u4');
    await remove('shares', 'c-team');
    await waitFor(
      'insta',
      [owner, u3, u5, u7].map((u) => u.externalId ?? ''),
      'user unshared',
    );
    await waitFor(
      'tiktok',
      [owner, u6].map((u) => u.externalId ?? ''),
      'team unshared from collection',
    );
  });

  it('a deactivated user loses every assignment; a reactivated one gets them back', async () => {
    await put('users', { ...u5, active: false });
    await waitFor(
      'insta',
      [owner, u3, u7].map((u) => u.externalId ?? ''),
      'deactivation',
    );
    await put('users', { ...u5, active: true });
    await waitFor(
      'insta',
      [owner, u3, u5, u7].map((u) => u.externalId ?? ''),
      'reactivation',
    );
  });

  it('renames relabel the app, and duplicate names are numbered', async () => {
    const twin = makeAccount({ id: 'insta2', name: 'Contentzilla', appName: 'Instagram' });
    await stack.seed({ accounts: [twin], shares: [makeShare({ account: twin }, { user: owner }, 'owner', 's-twin')] });
    await stack.api(owner.externalId ?? '', 'POST', '/api/v1/accounts/insta2/extend');
    await eventually(
      () => stack.appsFor('insta2')[0]?.label === 'Contentzilla - Instagram (2)',
      20_000,
      'numbered twin',
    );
    expect(stack.appsFor('insta')[0]?.label).toBe('Contentzilla - Instagram');

    const insta = await stack.server.repo.get(stack.server.db, 'accounts', 'insta');
    await put('accounts', { ...(insta as Account), name: 'Megazilla' });
    await eventually(() => stack.appsFor('insta')[0]?.label === 'Megazilla - Instagram', 20_000, 'relabel');
    // The twin keeps the name people know (labels are stable).
    expect(stack.appsFor('insta2')[0]?.label).toBe('Contentzilla - Instagram (2)');
  });

  it('with their All-Access Mode on, removing a Super Admin from an account removes their chiclet (better than the vendor)', async () => {
    // Turned on through the real command, as the person would.
    await put('users', { ...admin, role: 'superAdmin' });
    const on = await stack.api(admin.externalId ?? '', 'PUT', '/api/v1/me/all-access', { on: true });
    expect(on.status).toBe(200);
    await put('shares', makeShare({ account: 'insta' }, { user: admin }, 'collaborator', 's-admin'));
    await waitFor(
      'insta',
      [owner, u3, u5, u7, admin].map((u) => u.externalId ?? ''),
      'admin shared',
    );
    await remove('shares', 's-admin');
    await waitFor(
      'insta',
      [owner, u3, u5, u7].map((u) => u.externalId ?? ''),
      'admin removed despite All-Access',
    );
    await put('users', admin);
  });

  it('overwrites drift made inside Okta on the next sync', async () => {
    const app = stack.sim.directory.apps.get(stack.appsFor('insta')[0]?.id ?? '');
    if (!app) throw new Error('no app');
    stack.sim.directory.assignUser(app, u10.externalId ?? '');
    app.label = 'Renamed in Okta';
    const res = await stack.api(owner.externalId ?? '', 'POST', '/api/v1/accounts/insta/sync');
    expect(res.status).toBe(202);
    await eventually(() => stack.appsFor('insta')[0]?.label === 'Megazilla - Instagram', 20_000, 'label restored');
    await waitFor(
      'insta',
      [owner, u3, u5, u7].map((u) => u.externalId ?? ''),
      'extra assignment removed',
    );

    // "Sync all my extended accounts" does the same for every account the caller owns.
    stack.sim.directory.assignUser(app, u10.externalId ?? '');
    const all = await stack.api(owner.externalId ?? '', 'POST', '/api/v1/me/sync-extended');
    expect(all).toMatchObject({ status: 202, body: { accounts: 3 } });
    await waitFor(
      'insta',
      [owner, u3, u5, u7].map((u) => u.externalId ?? ''),
      'extra assignment removed by sync all',
    );
  });

  it('Login-only users never extend, even an account they own', async () => {
    const lo = member(11, { role: 'loginOnly' });
    const mine = makeAccount({ id: 'lo-own', name: 'Login', appName: 'Only' });
    await stack.seed({ accounts: [mine], shares: [makeShare({ account: mine }, { user: lo }, 'owner', 's-lo-own')] });
    const res = await stack.api(lo.externalId ?? '', 'POST', '/api/v1/accounts/lo-own/extend');
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'login_only' } } });
    expect(stack.appsFor('lo-own')).toEqual([]);
  });

  it('un-extending and deleting remove the app from Okta', async () => {
    expect((await stack.api(owner.externalId ?? '', 'DELETE', '/api/v1/accounts/insta2/extend')).status).toBe(202);
    await eventually(() => stack.appsFor('insta2').length === 0, 20_000, 'un-extended app deleted');
    await remove('accounts', 'tiktok');
    await eventually(() => stack.appsFor('tiktok').length === 0, 20_000, 'deleted account app deleted');
    const insta2 = await eventually(async () => {
      const a = await stack.server.repo.get(stack.server.db, 'accounts', 'insta2');
      return a?.oktaAppId === null ? a : undefined;
    });
    expect(insta2).toMatchObject({ extensionState: 'off', oktaAppId: null });
  });

  it('turning the feature off freezes Okta and says what stays; remove-all empties it for everyone', async () => {
    // Earlier removals have finished recording: exactly one app (insta) is Latchkey's in Okta.
    await eventually(async () => {
      const [row] = await stack.server.db.query<{ n: number }>('select count(*)::int as n from okta_apps');
      return row?.n === 1;
    });
    const off = await stack.api(admin.externalId ?? '', 'PUT', '/api/v1/workspace/extended-access', { enabled: false });
    expect(off.status).toBe(200);
    expect((off.body as { message: string }).message).toMatch(/1 app Latchkey created in Okta stay there/);

    await put('shares', makeShare({ account: 'insta' }, { user: u8 }, 'collaborator', 's-u8'));
    const frozen = await stack.api(owner.externalId ?? '', 'POST', '/api/v1/accounts/insta/sync');
    expect(frozen.body).toMatchObject({ error: { code: 'feature_off' } });
    const status = await eventually(async () => {
      const s = await stack.api(owner.externalId ?? '', 'GET', '/api/v1/okta/status');
      return (s.body as { pending: number }).pending === 0 ? s : undefined;
    });
    expect(status?.body).toMatchObject({ enabled: false });
    expect(assignees('insta')).not.toContain(u8.externalId);

    expect((await stack.api(u9.externalId ?? '', 'POST', '/api/v1/workspace/remove-all-extensions')).status).toBe(403);
    const removeAll = await stack.api(admin.externalId ?? '', 'POST', '/api/v1/workspace/remove-all-extensions');
    expect(removeAll).toMatchObject({ status: 200, body: { removing: 1 } });
    const ours = () => [...stack.sim.directory.apps.values()].filter((a) => a.url?.startsWith(`${stack.url}/launch/`));
    await eventually(() => ours().length === 0, 20_000, 'every extended app removed');
    await eventually(
      async () => (await stack.server.repo.get(stack.server.db, 'accounts', 'insta'))?.oktaAppId === null,
      20_000,
      'app id cleared',
    );
  });

  it('never sends a secret to Okta', () => {
    const seen = JSON.stringify(stack.sim.requests());
    expect(seen).not.toContain('hunter2-secret-pw');
    expect(seen).not.toContain('JBSWY3DPEHPK3PXQ');
    expect(seen).not.toContain(stack.sim.apiToken);
    expect(stack.sim.requests().length).toBeGreaterThan(10);
  });
});
