/**
 * What a record write is, as its writers and its listeners (audit events, visibility bumps, the
 * Okta outbox) see it. Its own file so those listeners need not import the repository that calls
 * them.
 */
import type { CollectionName, RecordOf } from '../../domain/wire/collections';
import type { Queryable } from './db';

export type Actor =
  | { type: 'user'; userId: string; deviceId: string | null }
  | { type: 'scim' }
  | { type: 'system'; name: string };

export interface Change<C extends CollectionName = CollectionName> {
  collection: C;
  /** Null when the record is created (or re-created after deletion). */
  before: RecordOf[C] | null;
  /** Null when the record is deleted. */
  after: RecordOf[C] | null;
  actor: Actor;
}

/** Runs inside the writer's transaction; throwing rolls the whole write back. */
export type ChangeHook = (tx: Queryable, change: Change) => Promise<void>;
