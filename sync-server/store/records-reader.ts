/**
 * Reads of the records table, shared by the write path (records-repo.ts), pulls and the
 * workspace cache. Credentials come back opened: the sealed secrets are decrypted here and
 * nowhere else.
 */
import type { CollectionName, Doc, RecordOf } from '../../domain/wire/collections';
import type { CredentialsCipher } from './credentials-cipher';
import { prepare, type Queryable } from './db';

/**
 * A row's place in the replication order (migration 0008): the transaction that last wrote it,
 * then its seq within that transaction. Compared as a pair, `tx` first.
 */
export interface Position {
  tx: number;
  seq: number;
}

export const START: Position = { tx: 0, seq: 0 };

/** A record's key across collections: `<collection>/<id>`. */
export function refKey(collection: CollectionName, id: string): string {
  return `${collection}/${id}`;
}

/**
 * Rows after `after` and below the horizon: every transaction with an id below `horizon` has
 * ended, so no row can later appear at a position before it (`horizon` in this file).
 */
export interface PositionRange {
  after: Position;
  horizon: number;
}

export interface StoredRow {
  collection: CollectionName;
  id: string;
  tx: number;
  seq: number;
  deleted: boolean;
  /** The record (credentials opened). For a deleted row: its last state. */
  doc: Doc;
}

export interface JsonRow {
  collection: CollectionName;
  id: string;
  tx: number;
  seq: number;
  deleted: boolean;
  /** The stored document as JSON text (for credentials: without the sealed secrets). */
  json: string;
  sealed: string | null;
}

export interface RawRow {
  collection: CollectionName;
  id: string;
  tx: number;
  seq: number;
  deleted: boolean;
  doc: Record<string, unknown>;
  sealed: string | null;
}

/**
 * The horizon of the statement's own snapshot: the oldest transaction that may still add rows
 * (still running at the snapshot, or this one), or the snapshot's next transaction id if none.
 * Every transaction below it has ended, so no row can later appear at a position before it.
 * Transaction ids are cluster-wide: one running in another database of the same PostgreSQL,
 * which cannot write our records, is left out when pg_stat_activity shows it there (if it shows
 * nothing, it counts: a hold-up, never a skip). docs/architecture.md, "Write order without a
 * global lock".
 */
const HORIZON = `least(
    pg_snapshot_xmax(snapshot.s)::text::bigint,
    pg_current_xact_id_if_assigned()::text::bigint,
    (select min(x::text::bigint) from pg_snapshot_xip(snapshot.s) as x
     where (x::text::bigint % 4294967296) not in (
       select backend_xid::text::bigint from pg_stat_activity
       where backend_xid is not null
         and (datid is null or datid <> (select oid from pg_database where datname = current_database())))))`;

/**
 * The rows the workspace's structure is read from (everything but credentials), from transaction
 * $1 on, each document as JSON text (`StructureRows`).
 */
const STRUCTURE_ROWS_FROM = `select collection, id, tx, seq, deleted, doc::text as json, null as sealed from records
       where tx >= $1 and collection <> 'credentials'`;

/**
 * How many structure documents `StructureRows` keeps parsed: several times the rows that sit
 * above the horizon under load (tens), so a row is parsed once while it is read again.
 */
const PARSED_STRUCTURE_MAX = 2_000;

/**
 * The workspace cache reads every row written since its horizon at each push and refresh, and
 * under load the same rows stay above the horizon for many reads in a row (until the oldest
 * running transaction ends): parsing their documents each time was the largest part of reading
 * them. A row at a given position (`tx`, `seq`) always holds the same document (every write
 * gives its row a new seq), so its parsed document is kept by position, the oldest dropped first.
 * Credentials never come through here: no secret is kept.
 */
class StructureRows {
  private readonly parsed = new Map<string, Doc>();

  toStored(row: JsonRow): StoredRow {
    const key = `${refKey(row.collection, row.id)}@${row.tx}.${row.seq}`;
    let doc = this.parsed.get(key);
    if (doc === undefined) {
      doc = JSON.parse(row.json) as Doc;
      this.parsed.set(key, doc);
      if (this.parsed.size > PARSED_STRUCTURE_MAX) this.parsed.delete(this.parsed.keys().next().value as string);
    }
    return storedRow(row, doc);
  }
}

/** A stored row from what a read returned and its document. */
function storedRow(row: Omit<StoredRow, 'doc'>, doc: Doc): StoredRow {
  return {
    collection: row.collection,
    id: row.id,
    tx: Number(row.tx),
    seq: Number(row.seq),
    deleted: row.deleted,
    doc,
  };
}

export class RecordsReader {
  private readonly structureRows = new StructureRows();

  constructor(protected readonly cipher: CredentialsCipher) {}

  /** The live record, or null when missing or deleted. */
  async get<C extends CollectionName>(q: Queryable, collection: C, id: string): Promise<RecordOf[C] | null> {
    const row = await this.getRow(q, collection, id);
    return row === null || row.deleted ? null : (row.doc as RecordOf[C]);
  }

  // Not prepared (db.ts `prepare`), nor is getRows: a long transaction reads by key after each of
  // its writes, and a kept plan made while the table was small would scan the table every time.
  async getRow(q: Queryable, collection: CollectionName, id: string): Promise<StoredRow | null> {
    const rows = await q.query<RawRow>(
      'select collection, id, tx, seq, deleted, doc, sealed from records where collection = $1 and id = $2',
      [collection, id],
    );
    return rows[0] === undefined ? null : this.toStored(rows[0]);
  }

  /** The stored rows (live or deleted) of `ids` that exist, by id. */
  async getRows(q: Queryable, collection: CollectionName, ids: readonly string[]): Promise<Map<string, StoredRow>> {
    const rows = await q.query<RawRow>(
      'select collection, id, tx, seq, deleted, doc, sealed from records where collection = $1 and id = any($2::text[])',
      [collection, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, this.toStored(r)]));
  }

  /** Every row of `collection` `q` sees now, committed or its own, in position order. */
  async allRows(q: Queryable, collection: CollectionName): Promise<StoredRow[]> {
    const rows = await q.query<RawRow>(
      'select collection, id, tx, seq, deleted, doc, sealed from records where collection = $1 order by tx, seq',
      [collection],
    );
    return rows.map((r) => this.toStored(r));
  }

  /**
   * Rows of `collection` in `range`, in position order, each document as JSON text: a pull
   * streams most documents to the client unchanged, so parsing and re-serialising them would be
   * wasted work. For the pull of `reader`: `held` says whether their replicas were ever sent the
   * row (`replica_holdings`), since a row they may not see is answered with a tombstone only if
   * they held it; with `visible` (the ids they may see), rows neither visible nor held are left
   * out here, so a pull does not carry every other user's edits to the server to skip them.
   */
  async jsonRowsSince(
    q: Queryable,
    collection: CollectionName,
    range: PositionRange,
    limit: number,
    reader: { userId: string; visible: readonly string[] | null },
  ): Promise<(JsonRow & { held: boolean })[]> {
    const rows = await q.query<JsonRow & { held: boolean }>(
      prepare(`select r.collection, r.id, r.tx, r.seq, r.deleted, r.doc::text as json, r.sealed, h.held
       from records r
       cross join lateral (select exists (select 1 from replica_holdings
         where user_id = $6 and collection = r.collection and record_id = r.id) as held) as h
       where r.collection = $1 and (r.tx, r.seq) > ($2, $3) and r.tx < $4
         and ($7::text[] is null or r.id = any($7::text[]) or h.held)
       order by r.tx, r.seq limit $5`),
      [collection, range.after.tx, range.after.seq, range.horizon, limit, reader.userId, reader.visible],
    );
    return rows.map((r) => ({ ...r, tx: Number(r.tx), seq: Number(r.seq) }));
  }

  /** A `JsonRow` as a `StoredRow` (parsed; credentials opened). */
  parseJsonRow(row: JsonRow): StoredRow {
    return this.toStored({ ...row, doc: JSON.parse(row.json) as Record<string, unknown> });
  }

  /**
   * Every row but credentials written by transaction `fromTx` or later that `q` sees, in
   * position order, and the horizon of the same snapshot: the workspace cache's feed. Rows below
   * the horizon are final; rows at or above it are committed (or `q`'s own) but may yet be
   * joined by rows of older transactions still running.
   */
  async structureFrom(q: Queryable, fromTx: number): Promise<{ horizon: number; rows: StoredRow[] }> {
    // One statement, one snapshot: the horizon and the rows agree (pg_current_snapshot() is the
    // statement's own snapshot).
    const rows = await q.query<JsonRow & { horizon: number }>(
      prepare(`select h.horizon, r.collection, r.id, r.tx, r.seq, r.deleted, r.doc::text as json, null as sealed
       from (select ${HORIZON} as horizon from (select pg_current_snapshot() as s) as snapshot) as h
       left join records r on r.tx >= $1 and r.collection <> 'credentials'
       order by r.tx, r.seq`),
      [fromTx],
    );
    const horizon = Number(rows[0]?.horizon);
    return { horizon, rows: rows.filter((r) => r.id !== null).map((r) => this.structureRows.toStored(r)) };
  }

  /**
   * `structureFrom` without the horizon: what a transaction's own decisions need (every row it
   * sees), not the cache's bookkeeping. The horizon costs the most of that statement
   * (pg_stat_activity), so a write does not compute it a second time.
   */
  async structureRowsFrom(q: Queryable, fromTx: number): Promise<StoredRow[]> {
    const rows = await q.query<JsonRow>(prepare(`${STRUCTURE_ROWS_FROM} order by tx, seq`), [fromTx]);
    return rows.map((r) => this.structureRows.toStored(r));
  }

  /**
   * `structureRowsFrom`, and the stored rows (live or deleted) of `refs` that exist, keyed by
   * `refKey`, in one statement: what a push reads before it judges its rows.
   */
  async structureRowsAndRecords(
    q: Queryable,
    fromTx: number,
    refs: readonly (readonly [CollectionName, string])[],
  ): Promise<{ structure: StoredRow[]; records: Map<string, StoredRow> }> {
    const rows = await q.query<JsonRow & { asked: boolean }>(
      prepare(`select false as asked, s.* from (${STRUCTURE_ROWS_FROM}) as s
       union all
       select true, r.collection, r.id, r.tx, r.seq, r.deleted, r.doc::text, r.sealed
       from records r join unnest($2::text[], $3::text[]) as k(collection, id) on r.collection = k.collection and r.id = k.id
       order by asked, tx, seq`),
      [fromTx, refs.map(([c]) => c), refs.map(([, id]) => id)],
    );
    const structure: StoredRow[] = [];
    const records = new Map<string, StoredRow>();
    for (const row of rows) {
      // The pushed rows are parsed afresh: they may be credentials (opened here, never kept).
      if (row.asked) records.set(refKey(row.collection, row.id), this.parseJsonRow(row));
      else structure.push(this.structureRows.toStored(row));
    }
    return { structure, records };
  }

  /** The highest seq any write has taken: it grows with every write (diagnostics and tests). */
  async headSeq(q: Queryable): Promise<number> {
    const rows = await q.query<{ seq: number | null }>('select max(seq) as seq from records');
    return Number(rows[0]?.seq ?? 0);
  }

  protected toStored(row: RawRow): StoredRow {
    let doc = row.doc;
    if (row.collection === 'credentials') {
      const secrets =
        row.sealed === null ? { password: '', totpSecret: null } : JSON.parse(this.cipher.open(row.sealed, row.id));
      doc = { ...doc, ...secrets };
    }
    return storedRow(row, doc as Doc);
  }
}
