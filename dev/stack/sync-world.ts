/**
 * A small workspace behind a real sync server and a real Okta simulator (stack.ts; the server
 * trusts the simulator's sign-in and manages no Okta org), for integration tests:
 *
 * - ada: workspace owner, owner of account `acct-shared` and collection `coll-team`
 * - bob: user, collaborator on `acct-shared`
 * - cy: user with no shares
 * - lou: Login-only user, collaborator on `acct-shared` through team `team-ops`
 * - `acct-private`: owned by ada only; `acct-in-coll`: inside `coll-team`
 */
import type { Account, Collection, Credentials, Team, User } from '../../domain/records';
import type { OktaSim } from '../../okta-sim/index';
import { personSeed } from './okta-seed';
import type { SeedRecords } from './seed-records';
import { type ApiAnswer, type StackServerOptions, type StoreKind, startStack } from './stack';
import type { TestSyncServer } from './sync-server';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from './workspace-factory';

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

export async function startSyncWorld(store: StoreKind, server: StackServerOptions = {}): Promise<SyncWorld> {
  const user = (p: Exclude<Person, 'zed'>, role: User['role']): User =>
    makeUser({ id: `user-${p}`, userName: `${p}@example.com`, givenName: p, role, externalId: OKTA_IDS[p] });
  const users = {
    ada: user('ada', 'owner'),
    bob: user('bob', 'user'),
    cy: user('cy', 'user'),
    lou: user('lou', 'loginOnly'),
  };
  const stack = await startStack({
    store,
    okta: {
      seed: {
        users: (Object.keys(OKTA_IDS) as Person[]).map((p) =>
          personSeed(p, OKTA_IDS[p], p[0]?.toUpperCase() + p.slice(1), 'Test', 'Passw0rd!'),
        ),
      },
      org: false,
    },
    server,
    seed: workspace(users),
  });
  return {
    sim: stack.sim,
    server: stack.server,
    users,
    token: (person, opts) => stack.token(OKTA_IDS[person], opts),
    api: (person, method, path, body) => stack.api(OKTA_IDS[person], method, path, body),
    close: stack.close,
  };
}

function workspace(users: SyncWorld['users']): SeedRecords {
  const ops: Team = makeTeam({ id: 'team-ops', displayName: 'Ops', memberIds: [users.lou.id] });
  const coll: Collection = makeCollection({ id: 'coll-team', name: 'Team' });
  const accounts: Account[] = [
    makeAccount({ id: 'acct-shared', name: 'Brand Instagram', labels: ['social'] }),
    makeAccount({ id: 'acct-private', name: 'Private vendor' }),
    makeAccount({ id: 'acct-in-coll', name: 'In collection', collectionId: coll.id }),
  ];
  const credentials: Credentials[] = accounts.map((a) => makeCredentials(a.id, { password: `secret-of-${a.id}` }));
  return {
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
  };
}
