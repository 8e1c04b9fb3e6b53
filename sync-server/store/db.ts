/**
 * One SQL dialect, two engines: PGlite (PostgreSQL in WASM, a folder on disk) by default and
 * PostgreSQL when DATABASE_URL is set. Everything above this file speaks `Db` and nothing else,
 * so the integration suite runs unchanged against both.
 *
 * Both engines are configured to return the same JavaScript types: int8 as number (sequence
 * numbers stay far below 2^53) and timestamptz as an ISO-8601 string (the records' format).
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type DataFolderLock, LOCK_FILE, lockDataFolder } from './data-folder-lock';
import { describePostgresFailure, type PostgresFailure, urlWithoutPassword } from './postgres-failure';

export type SqlParam = string | number | boolean | null | Date | readonly unknown[] | object;

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /**
   * On a PostgreSQL transaction: sends a statement whose rows nobody reads (a NOTIFY) without
   * waiting for its answer. The transaction's COMMIT follows it on the wire, so the two cost one
   * round trip, and the transaction commits only if the statement succeeded. Absent elsewhere:
   * callers `query` instead.
   */
  queryBeforeCommit?(sql: string, params?: readonly SqlParam[]): void;
  /**
   * On a PostgreSQL transaction: `statement` is called as the COMMIT is sent, and the statement
   * it returns follows the COMMIT on the wire (no round trip of its own), in a transaction of its
   * own on the same connection. It runs whether or not the COMMIT succeeded, so it must check
   * that for itself; its failure is logged, not thrown: the transaction has committed. Absent
   * elsewhere.
   */
  afterCommit?(statement: () => Statement): void;
  /**
   * On a PostgreSQL transaction: what an earlier attempt of it learned about the record locks it
   * needs (records-repo.ts), kept across the attempts `Db.transaction` makes.
   */
  readonly lockPlan?: LockPlan;
}

export interface Statement {
  sql: string;
  params: readonly SqlParam[];
}

export interface LockPlan {
  /** An attempt outgrew the record locks one transaction may hold: take every record at once. */
  allRecords: boolean;
  /** This attempt must not commit (it asked to run again, even if its caller caught that). */
  runAgain: boolean;
}

/**
 * Thrown inside a PostgreSQL transaction to run it again from the start, once its `lockPlan`
 * says what to lock up front (waiting for a wider lock while holding narrow ones could deadlock).
 */
export class RunAgainWithPlan extends Error {
  override name = 'RunAgainWithPlan';
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction; rolls back if it throws. On PostgreSQL a transaction chosen as
   * a deadlock's victim is run again (writers lock only the records they write, records-repo.ts,
   * so two of them can each hold what the other needs next): `fn` may run more than once and must
   * keep its effects inside the transaction. The same holds for a transaction that finds it needs
   * a wider lock than it started with (`RunAgainWithPlan`).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel`: `onPayload` gets every NOTIFY payload after its transaction commits,
   * from this process or any other on the same database. Resolves to an unsubscribe function.
   * A lost connection (PostgreSQL restarted, the backend terminated) is re-made with backoff;
   * `events` hear when it went down and when it is back, since notices sent in between are lost.
   */
  listen(channel: string, onPayload: (payload: string) => void, events?: ListenEvents): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenEvents {
  /** The LISTEN connection was lost: no notices arrive until `onUp`. */
  onDown?(): void;
  /** Listening again after a loss; whatever was notified meanwhile was missed. */
  onUp?(): void;
}

/** Retry delays of a lost LISTEN connection: doubled from the first up to the last. */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 5_000;

export class DbError extends Error {
  override name = 'DbError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const INT8 = 20;
const TIMESTAMPTZ = 1184;
const toNumber = (v: string): number => Number(v);
const toIso = (v: string): string => new Date(v).toISOString();

/** Who opens a store, for the message a second opener of the same PGlite folder gets. */
export const DEFAULT_HOLDER = 'sync server';

/**
 * The store could not be opened: PostgreSQL unreachable or refusing, or a PGlite folder that
 * failed to initialise. The message is a sentence for the operator; `kind` is for code.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly code = 'store_unavailable';
  constructor(
    /** The store as it may be printed (a PostgreSQL URL without its password, or the folder). */
    readonly store: string,
    readonly failure: PostgresFailure,
    options?: { cause?: unknown },
  ) {
    super(`cannot open ${store}: ${failure.reason}`, options);
  }
}

/** A PGlite store can also be copied whole (store/backup.ts). */
export interface PgliteDb extends Db {
  /** A consistent tar.gz of the data folder's database (PGlite's `dumpDataDir`). */
  dumpDataDir(): Promise<Blob>;
}

export interface PgliteOpenOptions {
  /** The folder's lock, already taken by the caller (a restore checks the folder under it first). */
  lock?: DataFolderLock;
  /** A fresh folder's database is made from this dump instead of empty (a restore). */
  loadDataDir?: Blob;
}

/**
 * Opens PGlite in `dataDir`, created with its parents if missing, under the folder's lock
 * (data-folder-lock.ts). If a fresh folder fails to initialise, what was written is removed, so
 * the next start is a first start again rather than a half-made database.
 */
export async function openPglite(
  dataDir: string,
  holder = DEFAULT_HOLDER,
  opts: PgliteOpenOptions = {},
): Promise<PgliteDb> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = opts.lock ?? (await lockDataFolder(dataDir, holder));
  const before = await undoInterruptedFirstStart(dataDir);
  const fresh = !before.has('PG_VERSION');
  // A first start writes a marker naming what the folder held before, removed once PGlite has
  // made its database: a process killed in between (Ctrl-C during the first seconds) leaves the
  // marker, and the next start undoes the half-made database instead of failing on it.
  if (fresh) await writeMarker(dataDir, [...before]);
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir, {
      parsers: { [INT8]: toNumber, [TIMESTAMPTZ]: toIso },
      ...(fresh && opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    // A dump holds the lock file of the folder it came from, now written over ours.
    if (fresh && opts.loadDataDir) await lock.reassert();
    if (fresh) await rm(path.join(dataDir, FIRST_START_MARKER), { force: true });
  } catch (error) {
    if (fresh) await removeAllBut(dataDir, before);
    await lock.release();
    const failure: PostgresFailure = {
      kind: 'failed',
      reason: errorMessage(error),
      advice: 'Check the folder, or move it away to start with an empty store',
    };
    throw new StoreUnavailableError(`the PGlite store in ${dataDir}`, failure, { cause: error });
  }
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const res = await q.query<Row>(sql, params as unknown[]);
      return res.rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(lite),
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    listen: async (channel, onPayload) => {
      const unlisten = await lite.listen(channel, onPayload);
      return () => unlisten();
    },
    dumpDataDir: () => lite.dumpDataDir('gzip'),
    close: async () => {
      try {
        await lite.close();
      } finally {
        await lock.release();
      }
    },
  };
}

const FIRST_START_MARKER = '.latchkey-first-start';

/**
 * If the last first start of this folder was interrupted, removes what it wrote and says so;
 * returns the folder's entries as a first start should see them.
 */
async function undoInterruptedFirstStart(dataDir: string): Promise<Set<string>> {
  let kept: string[];
  try {
    kept = JSON.parse(await readFile(path.join(dataDir, FIRST_START_MARKER), 'utf8')) as string[];
  } catch {
    return new Set((await readdir(dataDir)).filter((name) => !isMarker(name)));
  }
  const before = new Set([...kept, LOCK_FILE].filter((name) => typeof name === 'string'));
  await removeAllBut(dataDir, before);
  console.error(`The first start in ${dataDir} was interrupted before its database was made: starting it again.`);
  return new Set((await readdir(dataDir)).filter((name) => !isMarker(name)));
}

/** Written beside, then renamed: the marker is there whole, with its list, or not at all. */
async function writeMarker(dataDir: string, entries: string[]): Promise<void> {
  const partial = path.join(dataDir, `${FIRST_START_MARKER}.partial`);
  await writeFile(partial, JSON.stringify(entries), { mode: 0o600 });
  await rename(partial, path.join(dataDir, FIRST_START_MARKER));
}

const isMarker = (name: string): boolean => name.startsWith(FIRST_START_MARKER);

/** Removes every entry of `dataDir` not in `keep` (the lock always stays). */
async function removeAllBut(dataDir: string, keep: ReadonlySet<string>): Promise<void> {
  const written = (await readdir(dataDir)).filter((name) => !keep.has(name) && name !== LOCK_FILE);
  await Promise.all(written.map((name) => rm(path.join(dataDir, name), { recursive: true, force: true })));
}

/**
 * Makes what a connection sends in one turn of the event loop leave in one write. node-postgres
 * writes each statement to its socket as it is sent, one `writev` system call per statement,
 * each waking PostgreSQL's backend: on a busy machine the waking process is often put aside for
 * it, the largest entry of the sync bench's (wall-time) profiles. Statements sent back to
 * back — a transaction's BEGIN with its first statements, the COMMIT with what rides on it —
 * now share one. The socket is corked at its first write of a turn and uncorked on the next
 * tick, which runs before any I/O: nothing waits longer than the code that is sending.
 */
function coalesceWrites(socket: Writable): void {
  const write = socket.write;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = function coalescedWrite(this: Writable, ...args: Parameters<Writable['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, args);
  } as Writable['write'];
}

/** deadlock_detected: PostgreSQL aborted this transaction to break a cycle of waits. */
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_ATTEMPTS = 4;

/** Connects a pool to PostgreSQL at `connectionString`. */
export async function openPostgres(connectionString: string, poolSize = 10): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8 ? toNumber : oid === TIMESTAMPTZ ? toIso : pg.types.getTypeParser(oid, format as 'text'),
  };
  // Pipeline mode: a connection sends a statement without waiting for the answers to the ones
  // before it. PostgreSQL still runs them one after another, in order, so a transaction's BEGIN,
  // its first statements and its COMMIT share round trips (see `once` and the push's lock and reads).
  const pool = new pg.Pool({ connectionString, max: poolSize, types, pipeline: true });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', (err) => console.error('[store] idle PostgreSQL client error:', err.message));
  pool.on('connect', (client) =>
    coalesceWrites((client as unknown as { connection: { stream: Writable } }).connection.stream),
  );
  const pooled: Queryable = { query: (sql, params = []) => run(pool, sql, params) };
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const failure = describePostgresFailure(error);
    throw new StoreUnavailableError(`PostgreSQL at ${urlWithoutPassword(connectionString)}`, failure, { cause: error });
  }
  const once = async <T>(fn: (tx: Queryable) => Promise<T>, lockPlan: LockPlan): Promise<T> => {
    const client = await pool.connect();
    // A checked-out client has no pool listener: its connection lost mid-transaction (the
    // backend terminated, PostgreSQL restarting) would otherwise be an uncaught 'error' event.
    // The transaction's own query fails with it; the client is discarded, not reused.
    let lost: Error | undefined;
    const onError = (err: Error): void => {
      lost = err;
    };
    client.on('error', onError);
    // Statements sent without waiting (BEGIN, `queryBeforeCommit`), and the first of them to
    // fail: once one fails, PostgreSQL refuses every later statement of the transaction as
    // "aborted", so that first failure is the one worth reporting.
    const sent: Promise<unknown>[] = [];
    let failed: { error: unknown } | undefined;
    const send = (sql: string, params: readonly SqlParam[] = []): void => {
      sent.push(
        run(client, sql, params).catch((error: unknown) => {
          failed ??= { error };
        }),
      );
    };
    const followers: (() => Statement)[] = [];
    const tx: Queryable = {
      async query<Row>(sql: string, params: readonly SqlParam[] = []) {
        try {
          return await run<Row>(client, sql, params);
        } catch (error) {
          throw failed?.error ?? error;
        }
      },
      queryBeforeCommit: send,
      afterCommit: (statement) => {
        followers.push(statement);
      },
      lockPlan,
    };
    try {
      // No round trip of its own: the transaction's first statement follows it on the wire.
      send('begin');
      const result = await fn(tx);
      if (lockPlan.runAgain) throw new RunAgainWithPlan('the transaction asked to run again');
      // A COMMIT after a failed statement would answer ROLLBACK, not an error: check first.
      const commit = client.query('commit');
      // Never rejects; waited for below so the connection goes back to the pool idle.
      const followed = Promise.all(
        followers.map((statement) => {
          const { sql, params } = statement();
          return run(client, sql, params).catch((error: unknown) => {
            console.error('[store] a statement after COMMIT failed:', (error as Error).message);
          });
        }),
      );
      await Promise.all(sent);
      if (failed !== undefined) {
        await commit.catch(() => undefined);
        await followed;
        throw failed.error;
      }
      try {
        await commit;
      } finally {
        await followed;
      }
      return result;
    } catch (err) {
      if (lost === undefined) await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  };
  return {
    kind: 'postgres',
    ...pooled,
    async transaction(fn) {
      const lockPlan: LockPlan = { allRecords: false, runAgain: false };
      for (let attempt = 1; ; attempt++) {
        lockPlan.runAgain = false;
        try {
          return await once(fn, lockPlan);
        } catch (error) {
          // Runs again at most once for a wider plan: the next attempt takes it from the start.
          if (error instanceof RunAgainWithPlan) continue;
          if (attempt >= DEADLOCK_ATTEMPTS || (error as { code?: unknown }).code !== DEADLOCK_DETECTED) throw error;
        }
      }
    },
    async listen(channel, onPayload, events = {}) {
      // LISTEN needs one long-lived session; a pooled client could be handed to someone else.
      let stopped = false;
      let current: pg.Client | null = null;
      let retry: NodeJS.Timeout | undefined;
      const open = async (): Promise<pg.Client> => {
        const client = new pg.Client({ connectionString });
        client.on('error', (err) => console.error('[store] LISTEN client error:', err.message));
        try {
          await client.connect();
          client.on('notification', (msg) => {
            if (msg.channel === channel) onPayload(msg.payload ?? '');
          });
          await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        } catch (err) {
          await client.end().catch(() => undefined);
          throw err;
        }
        client.on('end', () => {
          if (stopped || current !== client) return;
          current = null;
          events.onDown?.();
          reconnect(LISTEN_RETRY_FIRST_MS);
        });
        return client;
      };
      const reconnect = (delayMs: number): void => {
        retry = setTimeout(() => {
          open().then(
            (client) => {
              if (stopped) return void client.end().catch(() => undefined);
              current = client;
              events.onUp?.();
            },
            () => {
              if (!stopped) reconnect(Math.min(delayMs * 2, LISTEN_RETRY_MAX_MS));
            },
          );
        }, delayMs);
        retry.unref();
      };
      current = await open();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        const client = current;
        current = null;
        await client?.end();
      };
    },
    close: () => pool.end(),
  };
}

/** One statement on `c`, prepared when `prepare` marked its text. */
async function run<Row>(c: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlParam[]): Promise<Row[]> {
  const name = PREPARED.get(sql);
  const res = await c.query({ text: sql, values: params as unknown[], ...(name === undefined ? {} : { name }) });
  return res.rows as Row[];
}

/** Statement texts marked by `prepare`, with their names. */
const PREPARED = new Map<string, string>();

/**
 * Marks a constant statement text to be prepared on PostgreSQL: each pooled connection parses and
 * plans it once, then only binds it. For the statements every push and pull runs: planning was
 * most of PostgreSQL's CPU per push (the workspace horizon's pg_stat_activity view,
 * records-reader.ts, cost ten times its execution). Only statements of short transactions whose
 * plan cannot go bad as tables grow: PostgreSQL may keep a generic plan made when a table was
 * small, a scan, until the table is next analysed. Committed growth is analysed within a minute;
 * growth inside one transaction never is, so what a long transaction runs after each of its
 * writes (a read by key) stays unprepared, as does a scan planned per call. Returns `sql`; PGlite
 * ignores the mark.
 */
export function prepare(sql: string): string {
  if (!PREPARED.has(sql)) PREPARED.set(sql, `latchkey_${PREPARED.size}`);
  return sql;
}

/** `DATABASE_URL` wins; otherwise PGlite in `dataDir`, locked for `holder`. */
export function openDb(opts: { databaseUrl?: string | undefined; dataDir: string; holder?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir, opts.holder);
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
