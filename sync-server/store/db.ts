/**
 * One SQL dialect, two engines: PGlite (PostgreSQL in WASM, a folder on disk) by default and
 * PostgreSQL when DATABASE_URL is set. Everything above this file speaks `Db` and nothing else,
 * so the integration suite runs unchanged against both.
 *
 * Both engines are configured to return the same JavaScript types: int8 as number (sequence
 * numbers stay far below 2^53) and timestamptz as an ISO-8601 string (the records' format).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type SqlParam = string | number | boolean | null | Date | readonly unknown[] | object;

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel`: `onPayload` gets every NOTIFY payload after its transaction commits,
   * from this process or any other on the same database. Resolves to an unsubscribe function.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

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

/** Opens PGlite in `dataDir` (created if missing). */
export async function openPglite(dataDir: string): Promise<Db> {
  const lite = await PGlite.create(dataDir, { parsers: { [INT8]: toNumber, [TIMESTAMPTZ]: toIso } });
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
    close: () => lite.close(),
  };
}

/** Connects a pool to PostgreSQL at `connectionString`. */
export async function openPostgres(connectionString: string, poolSize = 10): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8 ? toNumber : oid === TIMESTAMPTZ ? toIso : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', (err) => console.error('[store] idle PostgreSQL client error:', err.message));
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const res = await c.query(sql, params as unknown[]);
      return res.rows as Row[];
    },
  });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      // LISTEN needs one long-lived session; a pooled client could be handed to someone else.
      const client = new pg.Client({ connectionString });
      client.on('error', (err) => console.error('[store] LISTEN client error:', err.message));
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return () => client.end();
    },
    close: () => pool.end(),
  };
}

/** `DATABASE_URL` wins; otherwise PGlite in `dataDir`. */
export function openDb(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
