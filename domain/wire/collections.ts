/**
 * The replicated collections of the sync API and the record schema of each. Route paths use
 * these names (`/api/v1/replication/:collection/…`); the renderer's RxDB collections mirror them.
 */
import { z } from 'zod';
import { Account, Collection, Credentials, Share, Team, User, WorkspaceSettings } from '../records';

export const COLLECTION_NAMES = [
  'accounts',
  'credentials',
  'collections',
  'shares',
  'users',
  'teams',
  'settings',
] as const;
export const CollectionName = z.enum(COLLECTION_NAMES);
export type CollectionName = z.infer<typeof CollectionName>;

export const RECORD_SCHEMAS = {
  accounts: Account,
  credentials: Credentials,
  collections: Collection,
  shares: Share,
  users: User,
  teams: Team,
  settings: WorkspaceSettings,
} as const;

export interface RecordOf {
  accounts: Account;
  credentials: Credentials;
  collections: Collection;
  shares: Share;
  users: User;
  teams: Team;
  settings: WorkspaceSettings;
}

/** Any record of any collection. */
export type Doc = RecordOf[CollectionName];

/**
 * Users and teams come from Okta through SCIM; replicas only read them. Pushes to these
 * collections are refused with `read_only_collection`.
 */
export const READ_ONLY_COLLECTIONS: ReadonlySet<CollectionName> = new Set(['users', 'teams']);

export interface RecordRef {
  collection: CollectionName;
  id: string;
}

/**
 * The records a record refers to, which the server must hold before it accepts this one: an
 * account's collection, a credential's account, a share's account or collection. Collections
 * replicate independently, so a client pushes a record only after what it needs (the server
 * refuses a share of an account it does not know yet).
 */
export function referencedRecords<C extends CollectionName>(collection: C, record: RecordOf[C]): RecordRef[] {
  switch (collection) {
    case 'accounts': {
      const { collectionId } = record as Account;
      return collectionId === null ? [] : [{ collection: 'collections', id: collectionId }];
    }
    case 'credentials':
      return [{ collection: 'accounts', id: (record as Credentials).accountId }];
    case 'shares': {
      const { itemType, itemId } = record as Share;
      return [{ collection: itemType === 'account' ? 'accounts' : 'collections', id: itemId }];
    }
    default:
      return [];
  }
}
