/**
 * Where the simulator used to be kinder than Okta: inactive apps in default lists, filters the
 * spec no longer lists, search that sees a new app at once, a `self` link without its cursor,
 * app objects thinner than Okta's. Each answer here is also checked against Okta's published
 * OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaContract } from '../../../dev/okta-contract/okta-contract';
import { type OktaSim, type RecordedExchange, startOktaSim } from '../../../okta-sim/index';
import { BOB, MARKETING, TEST_SEED } from './support/seed';

let sim: OktaSim;
let contract: OktaContract;
let searchClock = 0;
const exchanges: RecordedExchange[] = [];

beforeAll(async () => {
  contract = await OktaContract.load();
  sim = await startOktaSim({ port: 0, seed: TEST_SEED, searchLag: { ms: 5_000, now: () => searchClock } });
  sim.onExchange((x) => exchanges.push(x));
});
afterAll(async () => {
  await sim.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; link: string }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${sim.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), link: res.headers.get('link') ?? '' };
}

const labels = (body: unknown) => (body as { label: string }[]).map((a) => a.label);

async function createBookmark(label: string, activate = true): Promise<string> {
  const res = await call('POST', `/api/v1/apps?activate=${activate}`, {
    name: 'bookmark',
    label,
    signOnMode: 'BOOKMARK',
    settings: { app: { url: `https://sync.example/launch/${encodeURIComponent(label)}` } },
  });
  expect(res.status).toBe(200);
  return (res.body as { id: string }).id;
}

describe('the simulated Management API as strict as Okta', () => {
  it('lists only ACTIVE apps unless includeNonDeleted=true asks for the deactivated ones too', async () => {
    searchClock += 10_000;
    await createBookmark('Lifecycle - Active');
    const inactive = await createBookmark('Lifecycle - Inactive', false);
    searchClock += 10_000;

    expect(labels((await call('GET', '/api/v1/apps?q=Lifecycle')).body)).toEqual(['Lifecycle - Active']);
    expect(labels((await call('GET', '/api/v1/apps?q=Lifecycle&includeNonDeleted=true')).body)).toEqual([
      'Lifecycle - Active',
      'Lifecycle - Inactive',
    ]);
    expect((await call('GET', '/api/v1/apps?filter=status%20eq%20%22INACTIVE%22')).body).toEqual([]);
    const byStatus = await call('GET', '/api/v1/apps?filter=status%20eq%20%22INACTIVE%22&includeNonDeleted=true');
    expect((byStatus.body as { id: string }[]).map((a) => a.id)).toEqual([inactive]);
  });

  it('filters on the attributes the spec lists and refuses the rest with E0000031', async () => {
    const id = await createBookmark('Filters - One');
    searchClock += 10_000;
    const byId = await call('GET', `/api/v1/apps?filter=${encodeURIComponent(`id eq "${id}"`)}`);
    expect(labels(byId.body)).toEqual(['Filters - One']);
    const byName = await call('GET', `/api/v1/apps?filter=${encodeURIComponent('name eq "oidc_client"')}`);
    expect(labels(byName.body)).toEqual(['Latchkey']);

    for (const filter of ['user.id eq "00u1"', 'group.id eq "00g1"', 'label eq "Filters - One"', 'name sw "book"']) {
      const refused = await call('GET', `/api/v1/apps?filter=${encodeURIComponent(filter)}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.' });
    }
  });

  it('filters users and groups on the attributes the spec lists for each', async () => {
    const byName = encodeURIComponent('profile.name eq "Marketing"');
    expect((await call('GET', `/api/v1/groups?filter=${byName}`)).body).toMatchObject({ errorCode: 'E0000031' });
    expect((await call('GET', `/api/v1/groups?search=${byName}`)).body).toMatchObject([{ id: MARKETING }]);
    expect(
      (await call('GET', `/api/v1/groups?filter=${encodeURIComponent(`id eq "${MARKETING}"`)}`)).body,
    ).toMatchObject([{ id: MARKETING }]);
    const bob = (await call('GET', `/api/v1/users/${BOB}`)).body as { lastUpdated: string };
    const byUpdate = await call(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`lastUpdated eq "${bob.lastUpdated}"`)}`,
    );
    expect((byUpdate.body as { id: string }[]).map((u) => u.id)).toContain(BOB);
    const byGroup = await call('GET', `/api/v1/users?filter=${encodeURIComponent('group.id eq "x"')}`);
    expect(byGroup).toMatchObject({ status: 400, body: { errorCode: 'E0000031' } });
  });

  it('keeps a just-created app out of q and filter results until the search index catches up', async () => {
    const id = await createBookmark('Lagging - App');
    expect((await call('GET', '/api/v1/apps?q=Lagging')).body).toEqual([]);
    expect((await call('GET', `/api/v1/apps?filter=${encodeURIComponent(`id eq "${id}"`)}`)).body).toEqual([]);
    // Reads by id and an unfiltered list do not go through the index.
    expect((await call('GET', `/api/v1/apps/${id}`)).status).toBe(200);
    expect(labels((await call('GET', '/api/v1/apps?limit=200')).body)).toContain('Lagging - App');

    searchClock += 4_999;
    expect((await call('GET', '/api/v1/apps?q=Lagging')).body).toEqual([]);
    searchClock += 1;
    expect(labels((await call('GET', '/api/v1/apps?q=Lagging')).body)).toEqual(['Lagging - App']);
  });

  it('names every page in rel="self", its after cursor included, and the next one in rel="next"', async () => {
    for (const n of [1, 2, 3]) await createBookmark(`Paged - ${n}`);
    searchClock += 10_000;
    const first = await call('GET', '/api/v1/apps?q=Paged&limit=2');
    expect(labels(first.body)).toEqual(['Paged - 1', 'Paged - 2']);
    const next = /<([^>]+)>; rel="next"/.exec(first.link)?.[1];
    expect(next).toContain('after=');
    expect(first.link).toMatch(/<[^>]+\?q=Paged&limit=2>; rel="self"/);
    const second = await call('GET', new URL(next ?? '').pathname + new URL(next ?? '').search);
    expect(labels(second.body)).toEqual(['Paged - 3']);
    expect(/<([^>]+)>; rel="self"/.exec(second.link)?.[1]).toBe(next);
    expect(second.link).not.toContain('rel="next"');
  });

  it('answers with app objects as Okta does, for bookmarks and for its own OIDC integration', async () => {
    const id = await createBookmark('Shape - Bookmark');
    const app = (await call('GET', `/api/v1/apps/${id}`)).body as Record<string, unknown>;
    expect(app).toMatchObject({
      name: 'bookmark',
      signOnMode: 'BOOKMARK',
      credentials: { userNameTemplate: { type: 'BUILT_IN' }, signing: {} },
      visibility: { autoLaunch: false, hide: { iOS: false, web: false }, appLinks: { login: true } },
      _links: {
        logo: [{ name: 'medium', type: 'image/png' }],
        uploadLogo: { href: `${sim.url}/api/v1/apps/${id}/logo` },
        appLinks: [{ name: 'login', type: 'text/html' }],
        deactivate: { href: `${sim.url}/api/v1/apps/${id}/lifecycle/deactivate` },
      },
    });
    const oidc = (await call('GET', `/api/v1/apps/${sim.latchkeyAppId}`)).body;
    expect(oidc).toMatchObject({
      name: 'oidc_client',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { client_id: sim.clientId, token_endpoint_auth_method: 'none' } },
      settings: { oauthClient: { application_type: 'native' } },
    });
  });

  it('assigns users and groups, lists app users (group members with scope GROUP) and app groups, unassigns', async () => {
    const id = await createBookmark('Assignments - App');
    expect((await call('POST', `/api/v1/apps/${id}/users`, { id: BOB })).status).toBe(200);
    expect((await call('PUT', `/api/v1/apps/${id}/groups/${MARKETING}`, {})).status).toBe(200);
    const users = (await call('GET', `/api/v1/apps/${id}/users?limit=500`)).body as { id: string; scope: string }[];
    expect(users.find((u) => u.id === BOB)?.scope).toBe('USER');
    expect(users.some((u) => u.scope === 'GROUP')).toBe(true);
    expect((await call('GET', `/api/v1/apps/${id}/groups`)).body).toMatchObject([{ id: MARKETING }]);
    expect((await call('DELETE', `/api/v1/apps/${id}/groups/${MARKETING}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/apps/${id}/users/${BOB}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/apps/${id}/users/${BOB}`)).status).toBe(404);
    expect((await call('POST', `/api/v1/apps/${id}/lifecycle/deactivate`)).status).toBe(200);
    expect((await call('DELETE', `/api/v1/apps/${id}`)).status).toBe(204);
  });

  it("every exchange above keeps to Okta's OpenAPI description, refusals included", () => {
    expect(exchanges.length).toBeGreaterThan(20);
    expect(exchanges.some((x) => x.response.status === 400)).toBe(true);
    expect(exchanges.flatMap((x) => contract.check(x))).toEqual([]);
  });
});
