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
import { type AuditEntry, insertAuditEvents } from './audit-write';
import type { Actor, ChangeHook } from './change';
import type { CredentialsCipher } from './credentials-cipher';
import type { Queryable } from './db';
import { RecordsReader } from './records-reader';
import { bumpVisibility } from './visibility-bumps';

export type { Actor, Change, ChangeHook } from './change';

export interface WriteResult<C extends CollectionName> {
  before: RecordOf[C] | null;
  after: RecordOf[C] | null;
  seq: number;
}

export interface PutItem<C extends CollectionName> {
  doc: RecordOf[C];
  /** The audit action; `<collection>.create` or `.update` when absent. */
  action?: string | undefined;
}

// Re-exported: callers have always imported the row shapes from the repository.
export type { JsonRow, StoredRow } from './records-reader';

export const CHANGES_CHANNEL = 'latchkey_changes';
const WRITE_LOCK_KEY = 7_200_002;

export class RecordValidationError extends Error {
  override name = 'RecordValidationError';
  readonly code = 'invalid_record';
}

/** The write path, over the reads it shares with pulls and the workspace cache. */
export class RecordsRepo extends RecordsReader {
  private readonly hooks: ChangeHook[] = [];

  constructor(
    cipher: CredentialsCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(cipher);
  }

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

  /**
   * `get` for a read-modify-write: takes the write lock first, so no other write can commit
   * between this read and the caller's `put`. PostgreSQL runs each transaction at READ COMMITTED,
   * so a plain read followed by a write would silently undo a change committed in between (an
   * admin turning a setting off, an owner renaming the account).
   */
  async getForUpdate<C extends CollectionName>(tx: Queryable, collection: C, id: string): Promise<RecordOf[C] | null> {
    await this.lockWrites(tx);
    return this.get(tx, collection, id);
  }

  /** Creates or replaces a record. `updatedAt` in `doc` is ignored: the server stamps it. */
  async put<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    doc: RecordOf[C],
    actor: Actor,
    action?: string,
  ): Promise<WriteResult<C>> {
    const [result] = await this.putMany(tx, collection, [{ doc, action }], actor);
    return result as WriteResult<C>;
  }

  /**
   * `put` for several records of one collection, in order, with the round trips of one: each
   * record still gets its own seq, audit event, visibility re-sequencing, hooks and NOTIFY
   * (a push of 100 edits made 700 sequential queries; under load each waited its turn).
   * A record named twice is written twice, the second write seeing the first.
   */
  async putMany<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    items: readonly PutItem<C>[],
    actor: Actor,
  ): Promise<WriteResult<C>[]> {
    const results: WriteResult<C>[] = [];
    for (const run of distinctRuns(items)) results.push(...(await this.putDistinct(tx, collection, run, actor)));
    return results;
  }

  private async putDistinct<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    items: readonly PutItem<C>[],
    actor: Actor,
  ): Promise<WriteResult<C>[]> {
    if (items.length === 0) return [];
    await this.lockWrites(tx);
    const rows = await this.getRows(
      tx,
      collection,
      items.map((i) => i.doc.id),
      true,
    );
    const prepared = items.map(({ doc, action }) => {
      const row = rows.get(doc.id) ?? null;
      const before = row === null || row.deleted ? null : (row.doc as RecordOf[C]);
      const parsed = RECORD_SCHEMAS[collection].safeParse({ ...doc, updatedAt: this.stamp(row?.doc.updatedAt) });
      if (!parsed.success) {
        throw new RecordValidationError(`invalid ${collection} record ${doc.id}: ${parsed.error.message}`);
      }
      const after = parsed.data as RecordOf[C];
      return { before, after, action: action ?? `${collection}.${before === null ? 'create' : 'update'}` };
    });
    const seqs = await this.nextSeqs(tx, prepared.length);
    const written = prepared.map((p, i) => ({ ...p, seq: seqs[i] as number, ...this.toColumns(collection, p.after) }));
    await tx.query(
      `insert into records (collection, id, seq, deleted, doc, sealed)
       select $1, r->>'id', (r->>'seq')::bigint, false, r->'doc', r->>'sealed' from jsonb_array_elements($2::jsonb) as r
       on conflict (collection, id) do update set seq = excluded.seq, deleted = false, doc = excluded.doc, sealed = excluded.sealed`,
      [
        collection,
        JSON.stringify(written.map((w) => ({ id: w.after.id, seq: w.seq, doc: w.stored, sealed: w.sealed }))),
      ],
    );
    await this.finish(
      tx,
      written.map((w) => ({
        change: { collection, before: w.before, after: w.after, actor },
        seq: w.seq,
        action: w.action,
      })),
    );
    return written.map((w) => ({ before: w.before, after: w.after, seq: w.seq }));
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
    await this.finish(tx, [
      { change: { collection, before, after: null, actor }, seq, action: action ?? `${collection}.delete` },
    ]);
    return { before, after: null, seq };
  }

  /** Audit, visibility re-sequencing, hooks and NOTIFY for changes already written, in order. */
  private async finish(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
    await insertAuditEvents(tx, entries);
    const notices: string[] = [];
    for (const { change, seq } of entries) {
      const bumped = await bumpVisibility(tx, change);
      for (const hook of this.hooks) await hook(tx, change);
      for (const c of new Set<CollectionName>([change.collection, ...bumped])) {
        notices.push(JSON.stringify({ collection: c, seq }));
      }
    }
    // One NOTIFY per write and collection, as before, sent in one statement.
    await tx.query('select pg_notify($1, n) from unnest($2::text[]) with ordinality as t(n, i) order by i', [
      CHANGES_CHANNEL,
      notices,
    ]);
  }

  private async nextSeq(tx: Queryable): Promise<number> {
    const [seq] = await this.nextSeqs(tx, 1);
    return seq as number;
  }

  /** `n` fresh seqs, ascending: assigned in the order of the changes. */
  private async nextSeqs(tx: Queryable, n: number): Promise<number[]> {
    const rows = await tx.query<{ seq: number }>("select nextval('record_seq') as seq from generate_series(1, $1)", [
      n,
    ]);
    return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
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
}

/** `items` split into runs in which no record is named twice, in order. */
function distinctRuns<T extends { doc: { id: string } }>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.doc.id)) {
      runs.push(run);
      run = [];
      ids = new Set();
    }
    run.push(item);
    ids.add(item.doc.id);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
