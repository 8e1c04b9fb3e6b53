/**
 * A small workspace behind a real sync server and a real Okta simulator, for integration tests:
 *
 * - ada: workspace owner, owner of account `acct-shared` and collection `coll-team`
 * - bob: user, collaborator on `acct-shared`
 * - cy: user with no shares
 * - lou: Login-only user, collaborator on `acct-shared` through team `team-ops`
 * - `acct-private`: owned by ada only; `acct-in-coll`: inside `coll-team`
 */

import { seedRecords } from '../../dev/stack/seed-records';
import {
  type StartSyncServerOptions,
  type StoreKind,
  startSyncServer,
  type TestSyncServer,
} from '../../dev/stack/sync-server';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../dev/stack/workspace-factory';
import type { Account, Collection, Credentials, Team, User } from '../../domain/records';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';

export const OKTA_IDS = {
  ada: '00uada00000000000001',
  bob: '00ubob00000000000002',
  cy: '00ucy000000000000003',
  lou: '00ulou00000000000004',
  zed: '00uzed00000000000005',
} as const;
export type Person = keyof typeof OKTA_IDS;

export interface SyncWorld {
  sim: OktaSim;
  server: TestSyncServer;
  users: Record<Exclude<Person, 'zed'>, User>;
  token(person: Person, opts?: { audience?: string; expiresInSeconds?: number }): Promise<string>;
  /** One sync API call as `person` (their bearer token, a JSON body when given), answered as parsed JSON. */
  api(person: Person, method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

export async function startSyncWorld(
  store: StoreKind,
  extra: Partial<StartSyncServerOptions> = {},
): Promise<SyncWorld> {
  const sim = await startOktaSim({
    port: 0,
    seed: {
      users: (Object.keys(OKTA_IDS) as Person[]).map((p) => ({
        id: OKTA_IDS[p],
        login: `${p}@example.com`,
        email: `${p}@example.com`,
        firstName: p[0]?.toUpperCase() + p.slice(1),
        lastName: 'Test',
        password: 'Passw0rd!',
      })),
    },
  });
  let server: TestSyncServer;
  try {
    server = await startSyncServer({ store, issuer: sim.issuer, audience: sim.audience, ...extra });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const user = (p: Exclude<Person, 'zed'>, role: User['role']): User =>
    makeUser({ id: `user-${p}`, userName: `${p}@example.com`, givenName: p, role, externalId: OKTA_IDS[p] });
  const users = {
    ada: user('ada', 'owner'),
    bob: user('bob', 'user'),
    cy: user('cy', 'user'),
    lou: user('lou', 'loginOnly'),
  };
  const ops: Team = makeTeam({ id: 'team-ops', displayName: 'Ops', memberIds: [users.lou.id] });
  const coll: Collection = makeCollection({ id: 'coll-team', name: 'Team' });
  const accounts: Account[] = [
    makeAccount({ id: 'acct-shared', name: 'Brand Instagram', labels: ['social'] }),
    makeAccount({ id: 'acct-private', name: 'Private vendor' }),
    makeAccount({ id: 'acct-in-coll', name: 'In collection', collectionId: coll.id }),
  ];
  const credentials: Credentials[] = accounts.map((a) => makeCredentials(a.id, { password: `secret-of-${a.id}` }));
  await seedRecords(server, {
    settings: [makeSettings({ name: 'Acme', extendedAccessEnabled: true })],
    users: Object.values(users),
    teams: [ops],
    collections: [coll],
    accounts,
    credentials,
    shares: [
      makeShare({ account: 'acct-shared' }, { user: users.ada }, 'owner', 'sh-ada-shared'),
      makeShare({ account: 'acct-shared' }, { user: users.bob }, 'collaborator', 'sh-bob-shared'),
      makeShare({ account: 'acct-shared' }, { team: ops }, 'collaborator', 'sh-ops-shared'),
      makeShare({ account: 'acct-private' }, { user: users.ada }, 'owner', 'sh-ada-private'),
      makeShare({ collection: coll }, { user: users.ada }, 'owner', 'sh-ada-coll'),
    ],
  });
  const token: SyncWorld['token'] = (person, opts) => sim.issueAccessToken(OKTA_IDS[person], opts);
  return {
    sim,
    server,
    users,
    token,
    async api(person, method, path, body) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(person)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async close() {
      await server.close();
      await sim.close();
    },
  };
}
