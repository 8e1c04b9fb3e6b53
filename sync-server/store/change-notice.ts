/**
 * The NOTIFY payload of a committed write (channel `latchkey_changes`): what the write touched,
 * so each server process wakes only the streams it concerns (domain/live-audience.ts). It names
 * records and users, never their content. PostgreSQL caps a payload below 8,000 bytes, so a
 * write that touched many records sends several notices.
 */
import { z } from 'zod';
import { granteesOf, type LiveNotice } from '../../domain/live-audience';
import type { Account, Share } from '../../domain/records';
import { CollectionName } from '../../domain/wire/collections';
import type { Change } from './change';

export const CHANGES_CHANNEL = 'latchkey_changes';

export const ChangeNotice = z.object({
  /** The writing transaction: its rows can be pulled once the horizon is past it. */
  tx: z.number().int(),
  /** The highest position the write gave out (its records' and those it re-positioned), when it sent the notice. */
  seq: z.number().int(),
  collections: z.array(CollectionName),
  refs: z.array(z.tuple([CollectionName, z.string()])),
  users: z.array(z.string()),
  teams: z.array(z.string()),
  all: z.boolean(),
});
export type ChangeNotice = z.infer<typeof ChangeNotice> & LiveNotice;

/** Refs or users per notice: ~60 bytes each keeps a notice well under PostgreSQL's cap. */
const PER_NOTICE = 100;

/**
 * Records whose change may have taken them out of someone's view (deleted, or an account moved
 * to another collection): whoever held them must hear of it, and only the store knows who.
 */
export function mayHaveLeftViews(change: Change): boolean {
  if (change.after === null) return true;
  if (change.collection !== 'accounts' || change.before === null) return false;
  return (change.before as Account).collectionId !== (change.after as Account).collectionId;
}

/** The notices of one batch of changes, given what else it touched; `tx` and `seq` are filled in by SQL. */
export function noticesFor(
  changes: readonly { change: Change }[],
  touched: { collections: Iterable<CollectionName>; holders: readonly string[]; all: boolean },
): Omit<ChangeNotice, 'tx' | 'seq'>[] {
  const collections = [
    ...new Set<CollectionName>([...changes.map((c) => c.change.collection), ...touched.collections]),
  ];
  const refs = [
    ...new Map(
      changes.map(({ change }) => [
        `${change.collection}/${idOf(change)}`,
        [change.collection, idOf(change)] as [CollectionName, string],
      ]),
    ).values(),
  ];
  const users = new Set(touched.holders);
  const teams = new Set<string>();
  for (const { change } of changes) {
    if (change.collection !== 'shares') continue;
    const grantees = granteesOf(change.before as Share | null, change.after as Share | null);
    for (const u of grantees.users) users.add(u);
    for (const t of grantees.teams) teams.add(t);
  }
  const userList = [...users];
  const notices: Omit<ChangeNotice, 'tx' | 'seq'>[] = [];
  const chunks = Math.max(1, Math.ceil(refs.length / PER_NOTICE), Math.ceil(userList.length / PER_NOTICE));
  for (let i = 0; i < chunks; i++) {
    notices.push({
      collections,
      refs: refs.slice(i * PER_NOTICE, (i + 1) * PER_NOTICE),
      users: userList.slice(i * PER_NOTICE, (i + 1) * PER_NOTICE),
      teams: i === 0 ? [...teams] : [],
      all: touched.all,
    });
  }
  return notices;
}

function idOf(change: Change): string {
  return (change.after ?? change.before)?.id ?? '';
}
