/**
 * The Latchkey side of the demo organisation, written once on first start through the records
 * repository (the server's one write path, so audit, visibility and the Okta outbox all apply):
 * workspace roles for the SCIM-provisioned people, a "Social media" collection shared with the
 * Marketing team, two Contentzilla accounts (the simulator's demo app, password + TOTP) and
 * extended access turned on, so both accounts become Okta chiclets.
 *
 * Users and teams are NOT written here: the simulator provisions them over SCIM, as Okta would.
 */
import {
  type Account,
  type Collection,
  type Credentials,
  NEW_ACCOUNT_STATE,
  NEW_COLLECTION_STATE,
  type Share,
  type User,
  type WorkspaceRole,
} from '../../domain/records';
import { extendAccount, setFeature, syncAccountNow } from '../../sync-server/okta/extension-actions';
import type { Db } from '../../sync-server/store/db';
import type { Actor, RecordsRepo } from '../../sync-server/store/records-repo';
import type { WorkspaceCache } from '../../sync-server/workspace/workspace-cache';
import { DEMO_PEOPLE, type DemoPersonKey, type DemoSeed } from './demo-org';

export const DEMO_ACCOUNT_IDS = { brand: 'demo-contentzilla-brand', support: 'demo-contentzilla-support' } as const;
const COLLECTION_ID = 'demo-social-media';
const ACTOR: Actor = { type: 'system', name: 'demo-seed' };
const EPOCH = new Date(0).toISOString();

export interface DemoServer {
  db: Db;
  repo: RecordsRepo;
  cache: WorkspaceCache;
}

/** Seeds on first start; on later starts only asks for a fresh Okta sync (the simulator forgets). */
export async function prepareDemoWorkspace(
  server: DemoServer,
  seed: DemoSeed,
  demoAppUrl: string,
): Promise<'seeded' | 'kept'> {
  const existing = await server.repo.get(server.db, 'accounts', DEMO_ACCOUNT_IDS.brand);
  if (existing !== null) {
    await server.db.transaction(async (tx) => {
      for (const id of Object.values(DEMO_ACCOUNT_IDS)) {
        const account = await server.repo.get(tx, 'accounts', id);
        if (account && account.extensionState !== 'off') await syncAccountNow(tx, server.repo, account, ACTOR);
      }
    });
    return 'kept';
  }
  const state = await server.cache.current(server.db);
  const user = (key: DemoPersonKey): User => {
    const found = state.usersByExternalId.get(DEMO_PEOPLE[key].oktaId);
    if (!found) throw new DemoSeedError(`${DEMO_PEOPLE[key].email} was not provisioned over SCIM`);
    return found;
  };
  const team = (name: string) => {
    const found = [...state.index.teams.values()].find((t) => t.displayName === name);
    if (!found) throw new DemoSeedError(`team ${name} was not pushed over SCIM`);
    return found;
  };
  const [brandLogin, supportLogin] = seed.demoAccounts;
  if (!brandLogin || !supportLogin) throw new DemoSeedError('the simulator seed has no demo-app accounts');

  const collection: Collection = { id: COLLECTION_ID, name: 'Social media', ...NEW_COLLECTION_STATE, updatedAt: EPOCH };
  const account = (id: string, name: string, username: string, collectionId: string | null): Account => ({
    id,
    name,
    appName: 'Contentzilla',
    loginUrl: demoAppUrl,
    username,
    labels: ['demo'],
    collectionId,
    loginSelectors: null,
    ...NEW_ACCOUNT_STATE,
    updatedAt: EPOCH,
  });
  const brand = account(DEMO_ACCOUNT_IDS.brand, 'Brand Instagram', brandLogin.username, COLLECTION_ID);
  const support = account(DEMO_ACCOUNT_IDS.support, 'Support desk', supportLogin.username, null);
  const credentials = (accountId: string, login: { password: string; totpSecret: string }): Credentials => ({
    id: accountId,
    accountId,
    password: login.password,
    totpSecret: login.totpSecret,
    updatedAt: EPOCH,
  });
  const share = (
    id: string,
    itemType: Share['itemType'],
    itemId: string,
    granteeType: Share['granteeType'],
    granteeId: string,
    role: Share['role'],
  ): Share => ({
    id,
    itemType,
    itemId,
    granteeType,
    granteeId,
    role,
    updatedAt: EPOCH,
  });
  const roles: [DemoPersonKey, WorkspaceRole][] = [
    ['olivia', 'owner'],
    ['adam', 'admin'],
    ['lena', 'loginOnly'],
  ];
  const marketing = team('Marketing');
  const supportTeam = team('Support');

  await server.db.transaction(async (tx) => {
    for (const [key, role] of roles)
      await server.repo.put(tx, 'users', { ...user(key), role, manualRole: role }, ACTOR, 'demo.role');
    await setFeature(tx, server.repo, true, ACTOR);
    await server.repo.put(tx, 'collections', collection, ACTOR);
    await server.repo.put(tx, 'accounts', brand, ACTOR);
    await server.repo.put(tx, 'accounts', support, ACTOR);
    await server.repo.put(tx, 'credentials', credentials(brand.id, brandLogin), ACTOR);
    await server.repo.put(tx, 'credentials', credentials(support.id, supportLogin), ACTOR);
    const shares = [
      share('demo-sh-olivia-social', 'collection', COLLECTION_ID, 'user', user('olivia').id, 'owner'),
      share('demo-sh-marketing-social', 'collection', COLLECTION_ID, 'team', marketing.id, 'collaborator'),
      share('demo-sh-adam-support', 'account', support.id, 'user', user('adam').id, 'owner'),
      share('demo-sh-team-support', 'account', support.id, 'team', supportTeam.id, 'collaborator'),
    ];
    for (const s of shares) await server.repo.put(tx, 'shares', s, ACTOR);
    const at = new Date().toISOString();
    for (const a of [brand, support]) {
      const stored = await server.repo.get(tx, 'accounts', a.id);
      if (stored) await extendAccount(tx, server.repo, stored, ACTOR, at);
    }
  });
  return 'seeded';
}

export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
  readonly code = 'demo_seed_failed';
}
