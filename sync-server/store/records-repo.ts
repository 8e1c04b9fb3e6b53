/**
 * The one write path for replicated records, shared by replication pushes, SCIM and the Okta
 * reconciler. Every function that writes takes the caller's transaction, so a caller can write
 * several records (and its own tables) atomically:
 *
 *   await db.transaction(async (tx) => {
 *     await repo.put(tx, 'users', user, { type: 'scim' });
 *     await repo.remove(tx, 'shares', shareId, { type: 'scim' }, 'share.removeOnDeactivation');
 *   });
 *
 * Each write, in the caller's transaction: takes the write lock (so seq order = commit order,
 * even with several server processes on one PostgreSQL), stamps `updatedAt`, takes the next
 * global seq, writes the row, writes one audit event, re-sequences rows whose visibility the
 * change affects (visibility-bumps.ts), runs every registered change hook, and NOTIFYs
 * `latchkey_changes`, which PostgreSQL delivers to every listening process only on commit.
 */

import type { Credentials } from '../../domain/records';
import { type CollectionName, type Doc, RECORD_SCHEMAS, type RecordOf } from '../../domain/wire/collections';
import type { CredentialsCipher } from './credentials-cipher';
import type { Queryable } from './db';
import { bumpVisibility } from './visibility-bumps';

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

export interface WriteResult<C extends CollectionName> {
  before: RecordOf[C] | null;
  after: RecordOf[C] | null;
  seq: number;
}

export interface StoredRow {
  collection: CollectionName;
  id: string;
  seq: number;
  deleted: boolean;
  /** The record (credentials opened). For a deleted row: its last state. */
  doc: Doc;
}

export const CHANGES_CHANNEL = 'latchkey_changes';
const WRITE_LOCK_KEY = 7_200_002;

export class RecordValidationError extends Error {
  override name = 'RecordValidationError';
  readonly code = 'invalid_record';
}

export interface JsonRow {
  collection: CollectionName;
  id: string;
  seq: number;
  deleted: boolean;
  /** The stored document as JSON text (for credentials: without the sealed secrets). */
  json: string;
  sealed: string | null;
}

interface RawRow {
  collection: CollectionName;
  id: string;
  seq: number;
  deleted: boolean;
  doc: Record<string, unknown>;
  sealed: string | null;
}

export class RecordsRepo {
  private readonly hooks: ChangeHook[] = [];

  constructor(
    private readonly cipher: CredentialsCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Registers a hook run inside every write's transaction. Returns its removal. */
  onChange(hook: ChangeHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /**
   * Serialises writers until commit. Sequence numbers are taken under this lock, so a reader
   * that has seen seq N can never later find a committed row with a smaller seq.
   */
  async lockWrites(tx: Queryable): Promise<void> {
    await tx.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
  }

  /** The live record, or null when missing or deleted. */
  async get<C extends CollectionName>(q: Queryable, collection: C, id: string): Promise<RecordOf[C] | null> {
    const row = await this.getRow(q, collection, id);
    return row === null || row.deleted ? null : (row.doc as RecordOf[C]);
  }

  async getRow(q: Queryable, collection: CollectionName, id: string, forUpdate = false): Promise<StoredRow | null> {
    const rows = await q.query<RawRow>(
      `select collection, id, seq, deleted, doc, sealed from records where collection = $1 and id = $2${forUpdate ? ' for update' : ''}`,
      [collection, id],
    );
    return rows[0] === undefined ? null : this.toStored(rows[0]);
  }

  /** Rows of `collection` with seq > `afterSeq`, in seq order. */
  async rowsSince(
    q: Queryable,
    collection: CollectionName,
    range: { afterSeq: number; upToSeq: number },
    limit: number,
  ): Promise<StoredRow[]> {
    const rows = await q.query<RawRow>(
      `select collection, id, seq, deleted, doc, sealed from records
       where collection = $1 and seq > $2 and seq <= $3 order by seq limit $4`,
      [collection, range.afterSeq, range.upToSeq, limit],
    );
    return rows.map((r) => this.toStored(r));
  }

  /**
   * As `rowsSince`, with each document as JSON text: a pull streams most documents to the
   * client unchanged, so parsing and re-serialising them would be wasted work.
   */
  async jsonRowsSince(
    q: Queryable,
    collection: CollectionName,
    range: { afterSeq: number; upToSeq: number },
    limit: number,
  ): Promise<JsonRow[]> {
    const rows = await q.query<JsonRow>(
      `select collection, id, seq, deleted, doc::text as json, sealed from records
       where collection = $1 and seq > $2 and seq <= $3 order by seq limit $4`,
      [collection, range.afterSeq, range.upToSeq, limit],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** A `JsonRow` as a `StoredRow` (parsed; credentials opened). */
  parseJsonRow(row: JsonRow): StoredRow {
    return this.toStored({ ...row, doc: JSON.parse(row.json) as Record<string, unknown> });
  }

  /** Rows of every collection but credentials with seq > `afterSeq` (the workspace cache's feed). */
  async structureSince(q: Queryable, afterSeq: number, upToSeq: number): Promise<StoredRow[]> {
    const rows = await q.query<RawRow>(
      "select collection, id, seq, deleted, doc, null as sealed from records where seq > $1 and seq <= $2 and collection <> 'credentials' order by seq",
      [afterSeq, upToSeq],
    );
    return rows.map((r) => this.toStored(r));
  }

  async headSeq(q: Queryable): Promise<number> {
    const rows = await q.query<{ seq: number | null }>('select max(seq) as seq from records');
    return rows[0]?.seq ?? 0;
  }

  /** Creates or replaces a record. `updatedAt` in `doc` is ignored: the server stamps it. */
  async put<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    doc: RecordOf[C],
    actor: Actor,
    action?: string,
  ): Promise<WriteResult<C>> {
    await this.lockWrites(tx);
    const row = await this.getRow(tx, collection, doc.id, true);
    const before = row === null || row.deleted ? null : (row.doc as RecordOf[C]);
    const parsed = RECORD_SCHEMAS[collection].safeParse({ ...doc, updatedAt: this.stamp(row?.doc.updatedAt) });
    if (!parsed.success) {
      throw new RecordValidationError(`invalid ${collection} record ${doc.id}: ${parsed.error.message}`);
    }
    const after = parsed.data as RecordOf[C];
    const seq = await this.nextSeq(tx);
    const { stored, sealed } = this.toColumns(collection, after);
    await tx.query(
      `insert into records (collection, id, seq, deleted, doc, sealed) values ($1, $2, $3, false, $4, $5)
       on conflict (collection, id) do update set seq = excluded.seq, deleted = false, doc = excluded.doc, sealed = excluded.sealed`,
      [collection, after.id, seq, JSON.stringify(stored), sealed],
    );
    const verb = before === null ? 'create' : 'update';
    await this.finish(tx, { collection, before, after, actor }, seq, action ?? `${collection}.${verb}`);
    return { before, after, seq };
  }

  /** Deletes a record, leaving a tombstone. Null when there was nothing to delete. */
  async remove<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    id: string,
    actor: Actor,
    action?: string,
  ): Promise<WriteResult<C> | null> {
    await this.lockWrites(tx);
    const row = await this.getRow(tx, collection, id, true);
    if (row === null || row.deleted) return null;
    const before = row.doc as RecordOf[C];
    const seq = await this.nextSeq(tx);
    const last = { ...this.toColumns(collection, before).stored, updatedAt: this.stamp(before.updatedAt) };
    // The sealed secrets go with the deletion: a tombstone keeps no password.
    await tx.query(
      'update records set seq = $3, deleted = true, doc = $4, sealed = null where collection = $1 and id = $2',
      [collection, id, seq, JSON.stringify(last)],
    );
    await this.finish(tx, { collection, before, after: null, actor }, seq, action ?? `${collection}.delete`);
    return { before, after: null, seq };
  }

  private async finish(tx: Queryable, change: Change, seq: number, action: string): Promise<void> {
    const { actor, collection } = change;
    const id = (change.after ?? change.before)?.id ?? '';
    await tx.query(
      `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor.type,
        actor.type === 'user' ? actor.userId : actor.type === 'system' ? actor.name : null,
        actor.type === 'user' ? actor.deviceId : null,
        action,
        collection,
        id,
        seq,
        JSON.stringify({ fields: changedFields(change.before, change.after) }),
      ],
    );
    const bumped = await bumpVisibility(tx, change);
    for (const hook of this.hooks) await hook(tx, change);
    for (const c of new Set<CollectionName>([collection, ...bumped])) {
      await tx.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ collection: c, seq })]);
    }
  }

  private async nextSeq(tx: Queryable): Promise<number> {
    const rows = await tx.query<{ seq: number }>("select nextval('record_seq') as seq");
    return Number(rows[0]?.seq);
  }

  /** Strictly increasing per record, so two writes in one millisecond still differ. */
  private stamp(previous: unknown): string {
    const now = this.now().getTime();
    const prev = typeof previous === 'string' ? Date.parse(previous) : Number.NaN;
    return new Date(Number.isNaN(prev) ? now : Math.max(now, prev + 1)).toISOString();
  }

  private toColumns(collection: CollectionName, doc: Doc): { stored: Record<string, unknown>; sealed: string | null } {
    if (collection !== 'credentials') return { stored: doc, sealed: null };
    const { password, totpSecret, ...rest } = doc as Credentials;
    return { stored: rest, sealed: this.cipher.seal(JSON.stringify({ password, totpSecret }), doc.id) };
  }

  private toStored(row: RawRow): StoredRow {
    let doc = row.doc;
    if (row.collection === 'credentials') {
      const secrets =
        row.sealed === null ? { password: '', totpSecret: null } : JSON.parse(this.cipher.open(row.sealed, row.id));
      doc = { ...doc, ...secrets };
    }
    return { collection: row.collection, id: row.id, seq: Number(row.seq), deleted: row.deleted, doc: doc as Doc };
  }
}

function changedFields(before: Doc | null, after: Doc | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  keys.delete('updatedAt');
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}
