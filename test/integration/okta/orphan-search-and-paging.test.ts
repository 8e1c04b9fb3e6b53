/**
 * The reconciler against an Okta that is less obliging than a fresh simulator: a crash after the
 * app was created (and deactivated since), a search index that has not seen a just-created app
 * yet, an org with more apps than one page holds, and an app with more assignees than one page
 * of app users. Each still ends with exactly one app per account and the right assignments, and
 * the SDK follows Okta's `Link: rel="next"` pages. Every exchange is checked against Okta's spec.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractRecorder, OktaContract, recordContract } from '../../../dev/okta-contract/okta-contract';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeExtendedAccount, makeSettings, makeShare, makeTeam, makeUser } from '../../../dev/stack/workspace-factory';
import type { User } from '../../../domain/records';
import { writeLink } from '../../../sync-server/okta/app-links';

const member = (n: number, over: Partial<User> = {}): User =>
  makeUser({ id: `u${n}`, userName: `user${n}@example.com`, externalId: oktaUserId(n), ...over });

/** The intent row a crash between Okta's create and storing its id leaves behind. */
async function interruptedCreate(stack: OktaStack, accountId: string, label: string): Promise<void> {
  await writeLink(stack.server.db, { accountId, appId: null, label, url: stack.launchUrl(accountId) });
}

describe('orphan search and paging against a stricter Okta', () => {
  let stack: OktaStack | undefined;
  let recorder: ContractRecorder | undefined;
  afterEach(async () => {
    recorder?.stop();
    const violations = recorder?.violations ?? [];
    recorder = undefined;
    await stack?.close();
    stack = undefined;
    expect(violations).toEqual([]);
  });

  async function start(opts: Parameters<typeof startOktaStack>[0]): Promise<OktaStack> {
    const contract = await OktaContract.load();
    stack = await startOktaStack(opts);
    // What the server asked Okta while starting (its connection check) is not under test here.
    stack.sim.resetLog();
    recorder = recordContract(stack.sim, contract);
    return stack;
  }

  it('a crash after create, then a deactivation in Okta: still exactly one app after the restart', async () => {
    const s = await start({ users: 2 });
    const owner = member(1, { role: 'owner' });
    const account = makeExtendedAccount({ id: 'deact', name: 'Orphan', appName: 'Portal' });
    const orphan = s.sim.directory.addApp({
      name: 'bookmark',
      label: 'Orphan - Portal',
      signOnMode: 'BOOKMARK',
      url: s.launchUrl('deact'),
      status: 'INACTIVE',
    });
    await interruptedCreate(s, 'deact', 'Orphan - Portal');
    await s.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner],
      accounts: [account],
      shares: [makeShare({ account }, { user: owner }, 'owner')],
    });

    await eventually(() => s.appsFor('deact')[0]?.users.length === 1, 20_000, 'orphan adopted');
    expect(s.appsFor('deact').map((a) => [a.id, a.status])).toEqual([[orphan.id, 'ACTIVE']]);
    expect(s.sim.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/apps')).toEqual([]);
    // Okta lists deactivated apps only when asked: the search asked.
    const searches = s.sim.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/apps');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((r) => r.query.includeNonDeleted === 'true')).toBe(true);
  });

  it('a crash right after createApplication, before search sees the app: still exactly one app', async () => {
    // The simulator's search index stays behind for as long as this test keeps its clock still.
    const s = await start({ users: 2, sim: { searchLag: { ms: 5_000, now: () => 0 } } });
    const owner = member(1, { role: 'owner' });
    const account = makeExtendedAccount({ id: 'lagged', name: 'Fresh', appName: 'Portal' });
    const created = s.sim.directory.addApp({
      name: 'bookmark',
      label: 'Fresh - Portal',
      signOnMode: 'BOOKMARK',
      url: s.launchUrl('lagged'),
      status: 'ACTIVE',
    });
    await interruptedCreate(s, 'lagged', 'Fresh - Portal');
    await s.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner],
      accounts: [account],
      shares: [makeShare({ account }, { user: owner }, 'owner')],
    });

    await eventually(() => s.appsFor('lagged')[0]?.users.length === 1, 20_000, 'orphan adopted');
    expect(s.appsFor('lagged').map((a) => a.id)).toEqual([created.id]);
    expect(s.sim.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/apps')).toEqual([]);
    // `q` found nothing (the index had not caught up); the unfiltered list did.
    const lists = s.sim.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/apps');
    expect(lists.map((r) => r.query.q ?? null)).toEqual(['Fresh - Portal', null]);
  });

  it('finds the orphan on the second page of a 250-app org, following the next link', async () => {
    const s = await start({ users: 2 });
    for (let i = 0; i < 250; i += 1) {
      s.sim.directory.addApp({
        name: 'bookmark',
        label: `Other ${i}`,
        signOnMode: 'BOOKMARK',
        url: `https://elsewhere.example/${i}`,
      });
    }
    // Relabelled in Okta since the crash, so `q` on the intended label misses it.
    const orphan = s.sim.directory.addApp({
      name: 'bookmark',
      label: 'Relabelled by an admin',
      signOnMode: 'BOOKMARK',
      url: s.launchUrl('paged'),
    });
    await interruptedCreate(s, 'paged', 'Paged - Portal');
    const owner = member(1, { role: 'owner' });
    const account = makeExtendedAccount({ id: 'paged', name: 'Paged', appName: 'Portal' });
    await s.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner],
      accounts: [account],
      shares: [makeShare({ account }, { user: owner }, 'owner')],
    });

    await eventually(() => s.appsFor('paged')[0]?.label === 'Paged - Portal', 20_000, 'orphan adopted and relabelled');
    expect(s.appsFor('paged').map((a) => a.id)).toEqual([orphan.id]);
    const full = s.sim.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/apps' && !r.query.q);
    expect(full).toHaveLength(2);
    expect(full[0]?.query.after).toBeUndefined();
    expect(full[1]?.query.after).toBeTruthy();
  });

  it('reads every assignee of an app with 520 of them over two pages, and changes nothing', async () => {
    const count = 520;
    const s = await start({ users: count });
    const owner = member(1, { role: 'owner' });
    const others = Array.from({ length: count - 1 }, (_, i) => member(i + 2));
    const team = makeTeam({ id: 'everyone', memberIds: others.map((u) => u.id) });
    const account = makeExtendedAccount({ id: 'crowd', name: 'Crowd', appName: 'Portal' });
    // The app Latchkey made earlier, with every assignment in place.
    const app = s.sim.directory.addApp({
      name: 'bookmark',
      label: 'Crowd - Portal',
      signOnMode: 'BOOKMARK',
      url: s.launchUrl('crowd'),
    });
    for (const u of [owner, ...others]) s.sim.directory.assignUser(app, u.externalId ?? '');
    await writeLink(s.server.db, {
      accountId: 'crowd',
      appId: app.id,
      label: 'Crowd - Portal',
      url: s.launchUrl('crowd'),
    });
    await s.seed({
      settings: [makeSettings({ extendedAccessEnabled: false })],
      users: [owner, ...others],
      teams: [team],
    });
    s.sim.resetLog();
    await s.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      accounts: [account],
      shares: [makeShare({ account }, { user: owner }, 'owner'), makeShare({ account }, { team }, 'collaborator')],
    });

    const pages = () =>
      s.sim
        .requests()
        .filter((r) => r.method === 'GET' && r.path === `/api/v1/apps/${app.id}/users` && r.status === 200);
    await eventually(() => pages().length >= 2, 30_000, 'both pages of app users read');
    await eventually(
      async () => (await s.server.db.query<{ n: number }>('select count(*)::int as n from okta_outbox'))[0]?.n === 0,
      30_000,
      'queue drained',
    );
    const [first, second] = pages();
    expect(first?.query).toMatchObject({ limit: '500' });
    expect(first?.query.after).toBeUndefined();
    expect(second?.query.after).toBeTruthy();
    // Nothing to change: no assignment is made or removed, and the app keeps all 520.
    const writes = s.sim.requests().filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(s.appsFor('crowd')[0]?.users).toHaveLength(count);
  });
});
