/**
 * Builders of valid workspace records for tests. Every builder parses its result with the
 * record's zod schema, so a test cannot start from data the server would refuse.
 *
 *   const ada = makeUser({ givenName: 'Ada', role: 'owner' });
 *   const ws = indexWorkspace(makeSnapshot({ users: [ada], accounts: [makeAccount()] }));
 */
import {
  Account,
  Collection,
  Credentials,
  NEW_ACCOUNT_STATE,
  Share,
  Team,
  User,
  WORKSPACE_SETTINGS_ID,
  WorkspaceSettings,
  type WorkspaceSnapshot,
} from '../../domain/records';

export const FIXED_TIME = '2026-01-01T00:00:00.000Z';

let sequence = 0;
/** A fresh id with a readable prefix (`user-1`, `acct-2`…). */
export function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

export function makeSettings(overrides: Partial<WorkspaceSettings> = {}): WorkspaceSettings {
  return WorkspaceSettings.parse({
    id: WORKSPACE_SETTINGS_ID,
    name: 'Acme',
    extendedAccessEnabled: true,
    updatedAt: FIXED_TIME,
    ...overrides,
  });
}

export function makeUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? nextId('user');
  return User.parse({
    id,
    userName: `${id}@example.com`,
    givenName: 'Test',
    familyName: id,
    role: 'user',
    manualRole: overrides.role ?? 'user',
    active: true,
    externalId: `00u${id.replace(/[^A-Za-z0-9]/g, '')}`,
    removedAt: null,
    updatedAt: FIXED_TIME,
    ...overrides,
  });
}

export function makeTeam(overrides: Partial<Team> = {}): Team {
  const id = overrides.id ?? nextId('team');
  return Team.parse({
    id,
    displayName: `Team ${id}`,
    memberIds: [],
    oktaGroupId: null,
    updatedAt: FIXED_TIME,
    ...overrides,
  });
}

export function makeCollection(overrides: Partial<Collection> = {}): Collection {
  const id = overrides.id ?? nextId('coll');
  return Collection.parse({ id, name: `Collection ${id}`, updatedAt: FIXED_TIME, ...overrides });
}

export function makeAccount(overrides: Partial<Account> = {}): Account {
  const id = overrides.id ?? nextId('acct');
  return Account.parse({
    id,
    name: `Account ${id}`,
    appName: 'Instagram',
    loginUrl: 'https://www.instagram.com/accounts/login/',
    username: `${id}@brand.example`,
    labels: [],
    collectionId: null,
    loginSelectors: null,
    ...NEW_ACCOUNT_STATE,
    updatedAt: FIXED_TIME,
    ...overrides,
  });
}

/** An account already extended to Okta (`pending` until the reconciler syncs it). */
export function makeExtendedAccount(overrides: Partial<Account> = {}): Account {
  return makeAccount({ extensionState: 'pending', extendedAt: FIXED_TIME, ...overrides });
}

type Grantee = { user: User | string } | { team: Team | string };
type Item = { account: Account | string } | { collection: Collection | string };

/** A share of `item` to `grantee`: `makeShare({ account: a }, { team: t }, 'collaborator')`. */
export function makeShare(item: Item, grantee: Grantee, role: Share['role'] = 'collaborator', id?: string): Share {
  const [itemType, itemId] =
    'account' in item ? (['account', idOf(item.account)] as const) : (['collection', idOf(item.collection)] as const);
  const [granteeType, granteeId] =
    'user' in grantee ? (['user', idOf(grantee.user)] as const) : (['team', idOf(grantee.team)] as const);
  return Share.parse({
    id: id ?? nextId('share'),
    itemType,
    itemId,
    granteeType,
    granteeId,
    role,
    updatedAt: FIXED_TIME,
  });
}

export function makeCredentials(accountId: string, overrides: Partial<Credentials> = {}): Credentials {
  return Credentials.parse({
    id: accountId,
    accountId,
    password: 'correct horse battery staple',
    totpSecret: 'JBSWY3DPEHPK3PXP',
    updatedAt: FIXED_TIME,
    ...overrides,
  });
}

export function makeSnapshot(parts: Partial<WorkspaceSnapshot> = {}): WorkspaceSnapshot {
  return {
    settings: parts.settings ?? makeSettings(),
    users: parts.users ?? [],
    teams: parts.teams ?? [],
    collections: parts.collections ?? [],
    accounts: parts.accounts ?? [],
    shares: parts.shares ?? [],
  };
}

function idOf(record: { id: string } | string): string {
  return typeof record === 'string' ? record : record.id;
}
