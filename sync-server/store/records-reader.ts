/**
 * Reads of the records table, shared by the write path (records-repo.ts), pulls and the
 * workspace cache. Credentials come back opened: the sealed secrets are decrypted here and
 * nowhere else.
 */
import type { CollectionName, Doc, RecordOf } from '../../domain/wire/collections';
import type { CredentialsCipher } from './credentials-cipher';
import type { Queryable } from './db';

export interface StoredRow {
  collection: CollectionName;
  id: string;
  seq: number;
  deleted: boolean;
  /** The record (credentials opened). For a deleted row: its last state. */
  doc: Doc;
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

export interface RawRow {
  collection: CollectionName;
  id: string;
  seq: number;
  deleted: boolean;
  doc: Record<string, unknown>;
  sealed: string | null;
}

export class RecordsReader {
  constructor(protected readonly cipher: CredentialsCipher) {}

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

  /** The stored rows (live or deleted) of `ids` that exist, by id. */
  async getRows(
    q: Queryable,
    collection: CollectionName,
    ids: readonly string[],
    forUpdate = false,
  ): Promise<Map<string, StoredRow>> {
    const rows = await q.query<RawRow>(
      `select collection, id, seq, deleted, doc, sealed from records where collection = $1 and id = any($2::text[])${forUpdate ? ' order by id for update' : ''}`,
      [collection, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, this.toStored(r)]));
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

  protected toStored(row: RawRow): StoredRow {
    let doc = row.doc;
    if (row.collection === 'credentials') {
      const secrets =
        row.sealed === null ? { password: '', totpSecret: null } : JSON.parse(this.cipher.open(row.sealed, row.id));
      doc = { ...doc, ...secrets };
    }
    return { collection: row.collection, id: row.id, seq: Number(row.seq), deleted: row.deleted, doc: doc as Doc };
  }
}
