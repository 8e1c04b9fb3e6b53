/**
 * The workspace as the Okta projection needs it, read fresh from `records` (everything but
 * credentials — secrets never enter the Okta path). The server's WorkspaceCache is tuned for
 * access checks and may hold stale account names; labels come from names, so this reads rows.
 */
import {
  type Account,
  type Collection,
  DEFAULT_SETTINGS,
  type Share,
  type Team,
  type User,
  type WorkspaceSettings,
} from '../../domain/records';
import { indexWorkspace, type WorkspaceIndex } from '../../domain/workspace-index';
import type { Queryable } from '../store/db';

export async function loadWorkspace(q: Queryable): Promise<WorkspaceIndex> {
  const rows = await q.query<{ collection: string; doc: unknown }>(
    `select collection, doc from records
      where not deleted and collection in ('settings', 'users', 'teams', 'collections', 'accounts', 'shares')`,
  );
  const users: User[] = [];
  const teams: Team[] = [];
  const collections: Collection[] = [];
  const accounts: Account[] = [];
  const shares: Share[] = [];
  let settings = DEFAULT_SETTINGS;
  // Rows were validated with the domain schemas when written (records-repo.ts).
  for (const { collection, doc } of rows) {
    if (collection === 'settings') settings = doc as WorkspaceSettings;
    else if (collection === 'users') users.push(doc as User);
    else if (collection === 'teams') teams.push(doc as Team);
    else if (collection === 'collections') collections.push(doc as Collection);
    else if (collection === 'accounts') accounts.push(doc as Account);
    else if (collection === 'shares') shares.push(doc as Share);
  }
  return indexWorkspace({ settings, users, teams, collections, accounts, shares });
}
