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
 * Each write, in the caller's transaction: locks its own records (a transaction-scoped advisory
 * lock per record, so two writers of one record take turns and each sees the other's result),
 * stamps `updatedAt`, gives the row its position (the writing transaction's id, then a fresh
 * seq), writes one audit event, re-positions rows whose visibility the change affects
 * (visibility-bumps.ts), runs every registered change hook, and NOTIFYs `latchkey_changes`, which
 * PostgreSQL delivers to every listening process only once the write has committed (on
 * PostgreSQL the notices are sent right behind the COMMIT: `commitToken`).
 *
 * No lock is held across the deployment: writers of different records never wait for each
 * other. The replication order stays gap-free because readers stop below the oldest running
 * transaction (records-reader.ts `HORIZON`), never because writers queue. docs/architecture.md
 * ("Write order without a global lock") gives the argument.
 */

import type { Credentials } from '../../domain/records';
import { type CollectionName, type Doc, RECORD_SCHEMAS, type RecordOf } from '../../domain/wire/collections';
import { type AuditEntry, auditInsertSql, auditRowsJson } from './audit-write';
import type { Actor, Change, ChangeHook } from './change';
import { CHANGES_CHANNEL, mayHaveLeftViews, noticesFor } from './change-notice';
import type { CredentialsCipher } from './credentials-cipher';
import { prepare, type Queryable, RunAgainWithPlan } from './db';
import { RecordsReader, type StoredRow } from './records-reader';
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
  /**
   * The record's stored row (null: none) as the caller read it in this transaction, after
   * locking it and with no write of it since: the write then does not read it again.
   */
  stored?: StoredRow | null | undefined;
  /** Who writes it, when not the caller's `actor` (a push written with other users' pushes). */
  actor?: Actor | undefined;
}

export { CHANGES_CHANNEL } from './change-notice';
// Re-exported: callers have always imported the row shapes from the repository.
export type { JsonRow, StoredRow } from './records-reader';

const DIRECTORY_LOCK_KEY = 7_200_002;

/**
 * Taken shared by every transaction that locks records one by one, and exclusively by one that
 * would lock more than `RECORD_LOCKS_MAX`: that one then waits for the others to end and locks
 * nothing else.
 */
const RECORD_WRITERS_LOCK_KEY = 7_200_003;

/**
 * The most records a transaction locks one by one. PostgreSQL keeps every lock of every
 * transaction of the cluster in one shared table sized for about 64 per connection
 * (max_locks_per_transaction); one lock per record would let a single large transaction (an
 * import, the cascade of a deactivation with thousands of shares) or a few concurrent full
 * pushes fill it, and then every transaction needing a lock fails with "out of shared memory".
 * With this bound, three processes' pools of 10 hold at most about 7,700 record locks.
 */
export const RECORD_LOCKS_MAX = 256;

/**
 * Record locks each transaction holds (transaction-scoped advisory locks are re-entrant, but
 * asking again costs a round trip), or `all` once it holds every record. Keyed by the
 * transaction's handle, dropped with it.
 */
const HELD = new WeakMap<Queryable, { keys: Set<string>; all: boolean }>();

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
   * Serialises, until commit, the changes to who is in the workspace and what they may do (SCIM
   * provisioning, role and team-role commands, All-Access Mode, erasure, owner transfer): their
   * rules read several records at once (the last Owner, the owners of an account), so two of them
   * deciding side by side could each keep the rule and together break it. Replication pushes,
   * the Okta worker and everyday edits never take it.
   */
  async lockDirectory(tx: Queryable): Promise<void> {
    await tx.query('select pg_advisory_xact_lock($1)', [DIRECTORY_LOCK_KEY]);
  }

  /** `lockRefs` for records of one collection. */
  async lockRecords(tx: Queryable, collection: CollectionName, ids: readonly string[]): Promise<void> {
    await this.lockRefs(
      tx,
      ids.map((id) => [collection, id]),
    );
  }

  /**
   * Locks records until commit, in one global order (so two writers of the same records never
   * deadlock on them). Records that do not exist yet are locked too: two creations of one id
   * take turns, and the second sees the first. Records this transaction already locked cost no
   * round trip. A transaction that would hold more than `RECORD_LOCKS_MAX` record locks takes
   * every record at once instead (one exclusive lock). If it already holds some, waiting for
   * that lock could deadlock with a writer waiting for one of them, so a PostgreSQL transaction
   * runs again from the start with the wide lock first (`RunAgainWithPlan`); PGlite has one
   * session, where nobody else waits. `tx` must be a transaction: the locks end with it.
   */
  async lockRefs(tx: Queryable, refs: readonly (readonly [CollectionName, string])[]): Promise<void> {
    const held = HELD.get(tx) ?? { keys: new Set<string>(), all: false };
    if (held.all) return;
    const wanted = [...new Set(refs.map(([c, id]) => `${c}/${id}`))].filter((key) => !held.keys.has(key));
    if (wanted.length === 0) return;
    HELD.set(tx, held);
    if (tx.lockPlan?.allRecords || held.keys.size + wanted.length > RECORD_LOCKS_MAX) {
      if (held.keys.size > 0 && tx.lockPlan !== undefined) {
        tx.lockPlan.allRecords = true;
        tx.lockPlan.runAgain = true;
        throw new RunAgainWithPlan(`a transaction outgrew ${RECORD_LOCKS_MAX} record locks`);
      }
      await tx.query('select pg_advisory_xact_lock($1)', [RECORD_WRITERS_LOCK_KEY]);
      held.all = true;
      held.keys.clear();
      return;
    }
    await tx.query(
      // The shared writers' lock first (once a transaction), then collections before the rest,
      // as extending a collection locks it before its accounts.
      prepare(`select case when shared then pg_advisory_xact_lock_shared(k) else pg_advisory_xact_lock(k) end
       from (
         select true as shared, 0 as rank, $2::bigint as k where $3
         union all
         select distinct false, case when key like 'collections/%' then 1 else 2 end, hashtextextended(key, 0)
         from unnest($1::text[]) as key
         order by rank, k
       ) as keys`),
      [wanted, RECORD_WRITERS_LOCK_KEY, held.keys.size === 0],
    );
    for (const key of wanted) held.keys.add(key);
  }

  /**
   * `get` for a read-modify-write: locks the record first, so no other write of it can commit
   * between this read and the caller's `put`. PostgreSQL runs each transaction at READ COMMITTED,
   * so a plain read followed by a write would silently undo a change committed in between (an
   * admin turning a setting off, an owner renaming the account).
   */
  async getForUpdate<C extends CollectionName>(tx: Queryable, collection: C, id: string): Promise<RecordOf[C] | null> {
    await this.lockRecords(tx, collection, [id]);
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
    for (const run of distinctRuns(items)) {
      results.push(...((await this.putDistinct(tx, collection, run, actor, 'wait')) as WriteResult<C>[]));
    }
    return results;
  }

  /**
   * `putMany` for a caller that needs nothing back (a push): on a PostgreSQL transaction the
   * writes are sent and not waited for — PostgreSQL runs the transaction's later statements after
   * them, and their failure fails the COMMIT (`Queryable.queryBeforeCommit`) — so the write costs
   * the transaction no round trip of its own. Elsewhere the same as `putMany`.
   */
  async sendMany<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    items: readonly PutItem<C>[],
    actor: Actor,
  ): Promise<void> {
    const mode = tx.queryBeforeCommit === undefined ? 'wait' : 'send';
    for (const run of distinctRuns(items)) await this.putDistinct(tx, collection, run, actor, mode);
  }

  /** Writes records named once each; `send` waits for no answer (`sendMany`) and returns none. */
  private async putDistinct<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    items: readonly PutItem<C>[],
    actor: Actor,
    mode: 'wait' | 'send',
  ): Promise<WriteResult<C>[] | undefined> {
    if (items.length === 0) return [];
    const ids = items.map((i) => i.doc.id);
    await this.lockRecords(tx, collection, ids);
    const rows = items.every((i) => i.stored !== undefined)
      ? new Map(items.flatMap((i) => (i.stored ? [[i.doc.id, i.stored] as const] : [])))
      : await this.getRows(tx, collection, ids);
    const prepared = items.map(({ doc, action, actor: own }) => {
      const row = rows.get(doc.id) ?? null;
      const before = row === null || row.deleted ? null : (row.doc as RecordOf[C]);
      const parsed = RECORD_SCHEMAS[collection].safeParse({ ...doc, updatedAt: this.stamp(row?.doc.updatedAt) });
      if (!parsed.success) {
        throw new RecordValidationError(`invalid ${collection} record ${doc.id}: ${parsed.error.message}`);
      }
      const after = parsed.data as RecordOf[C];
      return {
        before,
        after,
        actor: own ?? actor,
        action: action ?? `${collection}.${before === null ? 'create' : 'update'}`,
      };
    });
    const columns = prepared.map((p) => ({ ...p, ...this.toColumns(collection, p.after) }));
    const entries = columns.map((w) => ({
      change: { collection, before: w.before, after: w.after, actor: w.actor },
      action: w.action,
    }));
    // One statement: the seq is taken in the insert itself, in the changes' order, and each
    // audit event takes its record's seq from the insert's answer.
    const sql = prepare(`with written as (
         insert into records (collection, id, tx, seq, deleted, doc, sealed)
         select $1, r->>'id', pg_current_xact_id()::text::bigint, nextval('record_seq'), false, r->'doc', r->>'sealed'
         from jsonb_array_elements($2::jsonb) with ordinality as t(r, n) order by n
         on conflict (collection, id) do update
         set tx = excluded.tx, seq = excluded.seq, deleted = false, doc = excluded.doc, sealed = excluded.sealed
         returning id, seq),
       audit as (${auditInsertSql('$3', 'written')})
       select id, seq, ${COMMIT_STAMP_SQL('$4')} from written`);
    const params = [
      collection,
      JSON.stringify(columns.map((w) => ({ id: w.after.id, doc: w.stored, sealed: w.sealed }))),
      auditRowsJson(entries),
      this.commitToken(tx),
    ];
    if (mode === 'send' && tx.queryBeforeCommit !== undefined) {
      tx.queryBeforeCommit(sql, params);
      await this.finish(tx, entries);
      return undefined;
    }
    const inserted = await tx.query<{ id: string; seq: number }>(sql, params);
    const seqOf = new Map(inserted.map((r) => [r.id, Number(r.seq)]));
    await this.finish(tx, entries);
    return columns.map((w) => ({ before: w.before, after: w.after, seq: seqOf.get(w.after.id) as number }));
  }

  /** Deletes a record, leaving a tombstone. Null when there was nothing to delete. */
  async remove<C extends CollectionName>(
    tx: Queryable,
    collection: C,
    id: string,
    actor: Actor,
    action?: string,
  ): Promise<WriteResult<C> | null> {
    await this.lockRecords(tx, collection, [id]);
    const row = await this.getRow(tx, collection, id);
    if (row === null || row.deleted) return null;
    const before = row.doc as RecordOf[C];
    const last = { ...this.toColumns(collection, before).stored, updatedAt: this.stamp(before.updatedAt) };
    const entries = [{ change: { collection, before, after: null, actor }, action: action ?? `${collection}.delete` }];
    // The sealed secrets go with the deletion: a tombstone keeps no password.
    const [deleted] = await tx.query<{ seq: number }>(
      `with written as (
         update records
         set tx = pg_current_xact_id()::text::bigint, seq = nextval('record_seq'), deleted = true, doc = $3, sealed = null
         where collection = $1 and id = $2 returning id, seq),
       audit as (${auditInsertSql('$4', 'written')})
       select seq, ${COMMIT_STAMP_SQL('$5')} from written`,
      [collection, id, JSON.stringify(last), auditRowsJson(entries), this.commitToken(tx)],
    );
    await this.finish(tx, entries);
    return { before, after: null, seq: Number(deleted?.seq) };
  }

  /** Visibility re-positioning, hooks and NOTIFY for changes already written (and audited), in order. */
  private async finish(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
    const bumped = new Set<CollectionName>();
    let all = false;
    for (const { change } of entries) {
      const visibility = await bumpVisibility(tx, change);
      for (const c of visibility.collections) bumped.add(c);
      all ||= visibility.all;
      for (const hook of this.hooks) await hook(tx, change);
    }
    const left = entries.filter((e) => mayHaveLeftViews(e.change)).map((e) => e.change);
    const holders = left.length === 0 ? [] : await holdersOf(tx, left);
    const notices = noticesFor(entries, { collections: bumped, holders, all }).map((n) => JSON.stringify(n));
    const pending = NOTICES.get(tx);
    if (pending !== undefined) {
      pending.notices.push(...notices);
      return;
    }
    // PGlite (one process, one session: nobody waits on its commit) NOTIFYs in the transaction.
    await tx.query(NOTIFY_IN_TRANSACTION, [CHANGES_CHANNEL, notices]);
  }

  /**
   * PostgreSQL takes one lock for the whole cluster while a transaction that NOTIFYs commits,
   * and keeps it while the commit is flushed to disk: notifying inside every write made all
   * writes of the deployment commit one at a time. So on PostgreSQL each write statement also
   * records, in a session setting of its own transaction, a token with the transaction's id
   * (`COMMIT_STAMP_SQL`: no statement of its own); the notices go in a transaction of their own
   * right behind the COMMIT (`afterCommit`, no round trip), which sends them only if the setting
   * holds this transaction's token, that is if it committed, and commits without waiting for the
   * disk (a notice is not data: a crash loses the connection, and listeners then re-read
   * everything). Returns the token the transaction's writes record; null on PGlite (one process,
   * one session: nobody waits on its commit), which notifies inside the transaction.
   */
  private commitToken(tx: Queryable): string | null {
    if (tx.afterCommit === undefined) return null;
    let pending = NOTICES.get(tx);
    if (pending === undefined) {
      const batch = { token: `${process.pid}.${++noticeTokens}`, notices: [] as string[] };
      pending = batch;
      NOTICES.set(tx, batch);
      tx.afterCommit(() => ({ sql: NOTIFY_IF_COMMITTED, params: [CHANGES_CHANNEL, batch.notices, batch.token] }));
    }
    return pending.token;
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

/** The notices a PostgreSQL transaction sends once it has committed, keyed by its handle. */
const NOTICES = new WeakMap<Queryable, { token: string; notices: string[] }>();
let noticeTokens = 0;

/**
 * Where a writing transaction leaves `<token> <transaction id>` for the statement after its
 * COMMIT. A session setting set in a transaction is undone if the transaction is: after a failed
 * COMMIT it still holds an earlier transaction's token, or nothing.
 */
const COMMIT_STAMP_SETTING = 'latchkey.committed_write';

/**
 * The column of a write statement that leaves its transaction's stamp, given the parameter holding
 * the token (null on PGlite: no stamp). Every write sets the same value; the last one stands.
 */
const COMMIT_STAMP_SQL = (token: string): string =>
  `case when ${token}::text is null then null
     else set_config('${COMMIT_STAMP_SETTING}', ${token}::text || ' ' || pg_current_xact_id()::text, false) end as stamp`;

/**
 * The notices of a committed transaction, `tx` from its stamp; none if the stamp is not its own.
 * `seq` is the position this session drew last (`currval`, kept by the session after the COMMIT):
 * the writes and re-positionings of the transaction drew theirs in order on this connection, so it
 * is the highest of them. (Reading the written rows back for it was a scan of `records` per write
 * once a cached plan outlived the table's small start.)
 */
const NOTIFY_IF_COMMITTED = prepare(`select set_config('synchronous_commit', 'off', true),
     pg_notify($1, jsonb_set(jsonb_set(n::jsonb,
       '{tx}', to_jsonb(split_part(stamp, ' ', 2)::bigint)),
       '{seq}', to_jsonb(currval('record_seq')))::text)
   from current_setting('${COMMIT_STAMP_SETTING}', true) as stamp, unnest($2::text[]) with ordinality as t(n, i)
   where split_part(stamp, ' ', 1) = $3
   order by i`);

/** The notices of a write inside its transaction, as PGlite sends them. */
const NOTIFY_IN_TRANSACTION = `select pg_notify($1,
     jsonb_set(jsonb_set(n::jsonb, '{tx}', to_jsonb(pg_current_xact_id()::text::bigint)), '{seq}', to_jsonb(currval('record_seq')))::text)
   from unnest($2::text[]) with ordinality as t(n, i)
   order by i`;

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

/** Users whose replicas were sent any of these records (replica_holdings). */
async function holdersOf(tx: Queryable, changes: readonly Change[]): Promise<string[]> {
  const rows = await tx.query<{ user_id: string }>(
    `select distinct h.user_id from replica_holdings h
     join unnest($1::text[], $2::text[]) as r(collection, id) on h.collection = r.collection and h.record_id = r.id`,
    [changes.map((c) => c.collection), changes.map((c) => (c.after ?? c.before)?.id ?? '')],
  );
  return rows.map((r) => r.user_id);
}
