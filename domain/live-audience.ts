/**
 * Who must hear of a committed write on the live stream: the users whose view of some record
 * changed (they gained it, saw it change, or lost it), and nobody else, so a device pulls only
 * when there is something for it. Pure: the server names what a write touched (`LiveNotice`),
 * each server process asks `concerns` for the users of its own open streams.
 *
 * - Users, teams and the workspace settings are seen by every member: a change to them
 *   concerns everyone.
 * - A record someone may see now concerns them (they gained it or it changed).
 * - A share names its grantee, before and after: they gained or lost what it shares.
 * - Records deleted or moved away concern whoever held them (the server reads that from the
 *   records it has sent each user: `holders`).
 * - `all`: a change of everyone's view (an All-Access Mode switched, a notice too large to list).
 */
import type { Share } from './records';
import type { CollectionName } from './wire/collections';

export interface LiveNotice {
  /** Collections with rows at new positions: the ones to pull. */
  collections: CollectionName[];
  /** Records the write itself changed. */
  refs: [CollectionName, string][];
  /** Users named directly (share grantees, holders of what was deleted or moved away). */
  users: string[];
  /** Teams named directly (share grantees): their members. */
  teams: string[];
  all: boolean;
}

/** What one user's view is made of, as the server's workspace state answers it. */
export interface ViewOf {
  maySee(collection: CollectionName, id: string): boolean;
  inTeam(teamId: string): boolean;
}

const SEEN_BY_EVERYONE: ReadonlySet<CollectionName> = new Set(['users', 'teams', 'settings']);

export function concerns(notice: LiveNotice, userId: string, view: ViewOf): boolean {
  if (notice.all || notice.users.includes(userId)) return true;
  if (notice.teams.some((t) => view.inTeam(t))) return true;
  return notice.refs.some(([collection, id]) => SEEN_BY_EVERYONE.has(collection) || view.maySee(collection, id));
}

/** The users and teams a share change names directly. */
export function granteesOf(before: Share | null, after: Share | null): { users: string[]; teams: string[] } {
  const users: string[] = [];
  const teams: string[] = [];
  for (const share of [before, after]) {
    if (share === null) continue;
    (share.granteeType === 'user' ? users : teams).push(share.granteeId);
  }
  return { users, teams };
}
