/**
 * Versioned migrations: `migrations/NNNN_name.sql`, applied in order, each in its own
 * transaction, recorded in `schema_migrations`. Several server processes may start at once
 * on one PostgreSQL database, so the run holds an advisory lock.
 *
 * Number ranges by area keep parallel work from colliding: 0001–0099 core and replication,
 * 0100–0199 SCIM, 0200–0299 Okta projection and outbox, 0300– launch and audit additions.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db';

/** The migrations shipped with the server, applied in file-name order. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 7_200_001;

async function migrationFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f)).sort();
}

/**
 * The migrations this server's code has and the store has not applied (readiness: a server on a
 * store restored from an older backup, or one whose start-up migration was rolled back).
 */
export async function missingMigrations(q: Queryable, dir = MIGRATIONS_DIR): Promise<string[]> {
  const rows = await q.query<{ version: string }>('select version from schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  return (await migrationFiles(dir)).map((f) => f.slice(0, -'.sql'.length)).filter((v) => !done.has(v));
}

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await migrationFiles(dir);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // Transaction-scoped: released at commit, so a crashed process never leaves it held.
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(
      'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ version: string }>('select version from schema_migrations')).map((r) => r.version),
    );
    for (const file of files) {
      const version = file.slice(0, -'.sql'.length);
      if (done.has(version)) continue;
      const sql = await readFile(`${dir}/${file}`, 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      applied.push(version);
    }
  });
  return applied;
}

/** Splits on `;` at line ends. Migrations keep one statement per `;`-terminated block. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
