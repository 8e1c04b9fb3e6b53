/**
 * Drift made by an Okta admin, over real HTTP: the simulator's Management API as an admin uses
 * it (a group assigned to an extended app, an extra user, a relabel, a deactivation), then a
 * manual sync or the scheduled drift sweep. Assertions read what the simulated org holds — who
 * gets the chiclet — and the audit log people read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { driftSentence } from '../../../domain/okta-drift';
import type { User } from '../../../domain/records';
import { AuditPage } from '../../../domain/wire/audit';
import type { OktaSim } from '../../../okta-sim/index';
import { dropLease, takeLease } from '../../../sync-server/okta/sweep-lease';

function member(n: number, over: Partial<User> = {}): User {
  return makeUser({ id: `u${n}`, userName: `user${n}@example.com`, externalId: oktaUserId(n), ...over });
}

/** Calls the simulated org's Management API as an Okta admin with the org's API token. */
async function oktaAdmin(sim: OktaSim, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${sim.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text === '' ? null : JSON.parse(text);
}

async function assignGroup(sim: OktaSim, appId: string, name: string, members: string[]): Promise<string> {
  const group = (await oktaAdmin(sim, 'POST', '/api/v1/groups', { profile: { name } })) as { id: string };
  for (const uid of members) await oktaAdmin(sim, 'PUT', `/api/v1/groups/${group.id}/users/${uid}`);
  await oktaAdmin(sim, 'PUT', `/api/v1/apps/${appId}/groups/${group.id}`, {});
  return group.id;
}

/** Who Okta lists on the app, and how (`USER` directly, `GROUP` through a group). */
async function appUsers(sim: OktaSim, appId: string): Promise<Record<string, string>> {
  const rows = (await oktaAdmin(sim, 'GET', `/api/v1/apps/${appId}/users?limit=500`)) as {
    id: string;
    scope: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.scope]));
}

async function auditSentences(stack: OktaStack, asOktaUser: string): Promise<string[]> {
  const res = await stack.api(asOktaUser, 'GET', '/api/v1/audit?kind=okta&limit=200');
  const page = AuditPage.parse(res.body);
  return page.entries.flatMap((e) => (e.drift ? [driftSentence(e.drift)] : []));
}

const owner = member(1, { role: 'owner' });
const collaborators = [2, 3, 4].map((n) => member(n));
const outsiders = [8, 9].map((n) => member(n));
const id = (u: User) => u.externalId ?? '';

async function seedExtended(stack: OktaStack, accountIds: string[]): Promise<void> {
  await stack.seed({
    settings: [makeSettings({ extendedAccessEnabled: true })],
    users: [owner, ...collaborators, ...outsiders],
  });
  const accounts = accountIds.map((a, i) =>
    makeAccount({
      id: a,
      name: `Brand ${i}`,
      appName: 'Instagram',
      extensionState: 'pending',
      extendedAt: new Date().toISOString(),
    }),
  );
  await stack.seed({
    accounts,
    shares: accounts.flatMap((a) => [
      makeShare({ account: a }, { user: owner }, 'owner', `own-${a.id}`),
      makeShare({ account: a }, { user: collaborators[0] as User }, 'collaborator', `c2-${a.id}`),
    ]),
  });
  for (const a of accountIds) {
    await eventually(
      () =>
        JSON.stringify(stack.appsFor(a)[0]?.users) === JSON.stringify([id(owner), id(collaborators[0] as User)].sort()),
      20_000,
      `first sync of ${a}`,
    );
  }
  await eventually(async () => {
    const rows = await stack.server.db.query<{ n: number }>('select count(*)::int as n from okta_outbox');
    return rows[0]?.n === 0;
  });
}

describe('a group assigned to an extended app in Okta', () => {
  let stack: OktaStack;
  beforeAll(async () => {
    stack = await startOktaStack({ users: 12, contract: true, sim: { rateLimits: { 'api/v1/apps': 10_000 } } });
    await seedExtended(stack, ['insta']);
  });
  afterAll(async () => stack?.close());

  it('a new app is created without reading groups; only a pass over an existing app reads them', () => {
    const paths = stack.sim.requests().map((r) => `${r.method} ${r.path}`);
    expect(paths.filter((p) => p.startsWith('GET') && p.endsWith('/groups'))).toEqual([]);
  });

  it('is unassigned by a manual sync, its members lose the chiclet Latchkey never granted, and the audit log says so', async () => {
    const app = stack.appsFor('insta')[0];
    if (!app) throw new Error('no app');
    // Sales: two people Latchkey never shared the account with, and the collaborator who has it.
    const gid = await assignGroup(stack.sim, app.id, 'Sales', [...outsiders.map(id), id(collaborators[0] as User)]);
    expect(await appUsers(stack.sim, app.id)).toMatchObject({
      [id(outsiders[0] as User)]: 'GROUP',
      [id(owner)]: 'USER',
    });

    stack.sim.resetLog();
    const res = await stack.api(id(owner), 'POST', '/api/v1/accounts/insta/sync');
    expect(res.status).toBe(202);
    await eventually(() => stack.sim.directory.apps.get(app.id)?.groups.size === 0, 20_000, 'group unassigned');

    const users = await appUsers(stack.sim, app.id);
    expect(users).toEqual({ [id(owner)]: 'USER', [id(collaborators[0] as User)]: 'USER' });
    expect(stack.sim.requests().map((r) => `${r.method} ${r.path}`)).toContain(
      `DELETE /api/v1/apps/${app.id}/groups/${gid}`,
    );
    const sentences = await eventually(async () => {
      const s = await auditSentences(stack, id(owner));
      return s.length > 0 ? s : undefined;
    });
    expect(sentences).toEqual(['Okta drift overwritten: group “Sales” unassigned from app “Brand 0 - Instagram”']);
  });

  it('a person held only through a group, whom Latchkey does share with, is assigned directly and keeps the chiclet', async () => {
    const app = stack.appsFor('insta')[0];
    if (!app) throw new Error('no app');
    const third = collaborators[1] as User;
    await assignGroup(stack.sim, app.id, 'Support', [id(third)]);
    // Latchkey now shares with them too; Okta already shows the chiclet through Support.
    await stack.seed({ shares: [makeShare({ account: 'insta' }, { user: third }, 'collaborator', 'c3-insta')] });
    await eventually(() => stack.sim.directory.apps.get(app.id)?.groups.size === 0, 20_000, 'group unassigned');
    expect((await appUsers(stack.sim, app.id))[id(third)]).toBe('USER');
  });
});

describe('the scheduled drift sweep', () => {
  let stack: OktaStack;
  const ids = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
  beforeAll(async () => {
    stack = await startOktaStack({ users: 12, contract: true, sim: { rateLimits: { 'api/v1/apps': 10_000 } } });
    await seedExtended(stack, ids);
  });
  afterAll(async () => stack?.close());

  const appOf = (accountId: string) => {
    const view = stack.appsFor(accountId)[0];
    const app = view ? stack.sim.directory.apps.get(view.id) : undefined;
    if (!app) throw new Error(`no app for ${accountId}`);
    return app;
  };

  it('finds and fixes, in one sweep, drift injected in Okta: extra users, a group, a relabel, a deactivation', async () => {
    const sweeper = stack.server.sweeper;
    if (!sweeper) throw new Error('no sweeper');
    await oktaAdmin(stack.sim, 'POST', `/api/v1/apps/${appOf('a0').id}/users`, { id: id(outsiders[0] as User) });
    await oktaAdmin(stack.sim, 'POST', `/api/v1/apps/${appOf('a0').id}/users`, { id: id(outsiders[1] as User) });
    await assignGroup(stack.sim, appOf('a1').id, 'Contractors', [id(outsiders[0] as User)]);
    appOf('a2').label = 'Renamed in Okta';
    await oktaAdmin(stack.sim, 'POST', `/api/v1/apps/${appOf('a3').id}/lifecycle/deactivate`);
    // A change made in Latchkey and not yet applied is not drift: the outbox takes it.
    stack.sim.resetLog();

    const summary = await sweeper.sweep();
    expect(summary).toEqual({ accounts: 6, driftFound: 5, driftFixed: 5, apiCalls: expect.any(Number) });

    const wanted = [id(owner), id(collaborators[0] as User)].sort();
    for (const a of ids) {
      const app = appOf(a);
      expect([...app.users.keys()].sort(), a).toEqual(wanted);
      expect(app.groups.size, a).toBe(0);
      expect(app.status, a).toBe('ACTIVE');
      expect(app.label, a).toMatch(/^Brand \d - Instagram$/);
    }
    const sentences = await auditSentences(stack, id(owner));
    expect(sentences).toEqual(
      expect.arrayContaining([
        'Okta drift overwritten: user user8@example.com unassigned from app “Brand 0 - Instagram”',
        'Okta drift overwritten: user user9@example.com unassigned from app “Brand 0 - Instagram”',
        'Okta drift overwritten: group “Contractors” unassigned from app “Brand 1 - Instagram”',
        'Okta drift overwritten: app “Brand 2 - Instagram”, relabelled “Renamed in Okta” in Okta, has its label back',
        'Okta drift overwritten: app “Brand 3 - Instagram”, deactivated in Okta, is active again',
      ]),
    );
    const audit = AuditPage.parse((await stack.api(id(owner), 'GET', '/api/v1/audit?kind=okta&limit=200')).body);
    expect(audit.entries.find((e) => e.sweep)?.sweep).toMatchObject({ accounts: 6, driftFound: 5, driftFixed: 5 });

    const status = await stack.api(id(collaborators[0] as User), 'GET', '/api/v1/okta/status');
    expect(status.body).toMatchObject({
      sweep: { intervalMs: 6 * 3600_000, running: false, accounts: 6, driftFound: 5, driftFixed: 5, lastError: null },
    });
  });

  it('with no drift, reads with the fewest calls: one page of apps, then each app’s users and groups', async () => {
    stack.sim.resetLog();
    const summary = await stack.server.sweeper?.sweep();
    // ⌈6 bookmark apps / 200⌉ list pages + 6 × (users + groups), and nothing written.
    expect(summary).toEqual({ accounts: 6, driftFound: 0, driftFixed: 0, apiCalls: 1 + 2 * 6 });
    const calls = stack.sim.requests();
    expect(calls).toHaveLength(13);
    expect(calls.every((r) => r.method === 'GET')).toBe(true);
  });

  it('one process sweeps at a time: a second sweeper sharing the database does not start while the lease is held', async () => {
    expect(await takeLease(stack.server.db, 'another-process', 60_000, 0, true)).toBe(true);
    expect(await stack.server.sweeper?.sweep()).toBeNull();
    await dropLease(stack.server.db, 'another-process');
    expect(await stack.server.sweeper?.sweep()).toMatchObject({ accounts: 6 });
  });

  it('leaves an account with a change queued to the outbox', async () => {
    await stack.server.db.query("insert into okta_outbox (account_id, due_at) values ($1, now() + interval '1 hour')", [
      'a5',
    ]);
    try {
      expect(await stack.server.sweeper?.sweep()).toMatchObject({ accounts: 5 });
    } finally {
      await stack.server.db.query('delete from okta_outbox where account_id = $1', ['a5']);
    }
  });
});

describe('an incremental change during a sweep', () => {
  // One clock for the simulator's rate-limit windows and the server's rate governor, moved by
  // the test: the sweep waits for a window's reset exactly when the test says so.
  let offset = 0;
  const vnow = () => Date.now() + offset;
  const sleepers: { at: number; wake: () => void }[] = [];
  const admitted: { priority: string; normalWaiting: number; bucket: string }[] = [];
  // A minute and a second: X-Rate-Limit-Reset is in whole seconds, rounded up.
  const nextWindow = () => {
    offset += 61_000;
    for (const s of sleepers.splice(0)) {
      if (s.at <= vnow()) s.wake();
      else sleepers.push(s);
    }
  };
  let stack: OktaStack;
  // 4 accounts × (create + 2 assignments) fill one 12-call window exactly.
  const accountIds = ['p0', 'p1', 'p2', 'p3'];

  beforeAll(async () => {
    stack = await startOktaStack({
      users: 12,
      contract: true,
      // 12 calls a minute in the apps bucket; the sweep leaves 6 of each window to changes.
      sim: { rateLimits: { 'api/v1/apps': 12 }, now: () => new Date(vnow()) },
      okta: {
        backgroundReserve: 0.5,
        clock: { now: vnow, sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: vnow() + ms, wake })) },
        onAdmit: (e) => admitted.push(e),
      },
    });
    nextWindow();
    await seedExtended(stack, accountIds);
    nextWindow();
  });
  afterAll(async () => {
    offset += 3600_000;
    for (const s of sleepers.splice(0)) s.wake();
    await stack?.close();
  });

  it('goes first: it takes the budget the sweep leaves and lands while the sweep waits for the next window', async () => {
    const sweeper = stack.server.sweeper;
    if (!sweeper) throw new Error('no sweeper');
    admitted.length = 0;
    let swept = false;
    const sweep = sweeper.sweep().then((s) => {
      swept = true;
      return s;
    });
    // 1 list page + 4 × 2 reads = 9 calls; 12 − 6 reserved = 6 this window, then it waits.
    await eventually(
      () =>
        admitted.filter((a) => a.priority === 'background' && a.bucket === 'apps*').length === 6 && sleepers.length > 0,
      20_000,
      'the sweep to reach the reserve',
    );

    const newcomer = collaborators[1] as User;
    await stack.seed({ shares: [makeShare({ account: 'p0' }, { user: newcomer }, 'collaborator', 'late-share')] });
    await eventually(() => stack.appsFor('p0')[0]?.users.includes(id(newcomer)), 20_000, 'the new share in Okta');
    expect(swept).toBe(false);
    // The change's calls were never held behind a background call.
    const normal = admitted.filter((a) => a.priority === 'normal' && a.bucket === 'apps*');
    expect(normal.length).toBeGreaterThan(0);
    expect(admitted.filter((a) => a.priority === 'background').every((a) => a.normalWaiting === 0)).toBe(true);

    nextWindow();
    const summary = await sweep;
    // p0 changed while the sweep ran: left to the outbox, not reported as drift.
    expect(summary).toMatchObject({ driftFound: 0, driftFixed: 0 });
  });
});
