/**
 * What every operator tool that opens the store does (`scim-token`, `credentials-key`, `roles`):
 * read `<subcommand> … [--data DIR]`, open PostgreSQL (DATABASE_URL) or the PGlite folder under
 * its lock (refused, with `whenInUse` saying what to do, while a server holds it), migrate, run,
 * and close — PGlite writes its files at close, so only a closed store has surely kept a change.
 */
import { parseArgs } from 'node:util';
import { ensureDataFolder } from '../../cli/data-folder';
import { dataDirSetting } from '../config';
import { storeFailure } from '../startup-failure';
import { type Db, openDb } from './db';
import { migrate } from './migrate';

export interface ToolArgs {
  positionals: string[];
  data: string | undefined;
}

/**
 * Parses a tool's arguments (`argv` may start with the subcommand itself); prints the usage and
 * returns null when they cannot be read, so the caller exits 2.
 */
export function parseToolArgs(argv: readonly string[], subcommand: string, usage: string): ToolArgs | null {
  const args = argv[0] === subcommand ? argv.slice(1) : [...argv];
  try {
    const { positionals, values } = parseArgs({
      args,
      options: { data: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, data: values.data };
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return null;
  }
}

/** Opens the store the server would open, runs `fn` on it, and closes it. */
export async function withToolStore<T>(
  opts: { data: string | undefined; holder: string; whenInUse: string },
  fn: (db: Db, dataDir: string) => Promise<T>,
): Promise<T> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const folder = dataDirSetting(opts.data, process.env);
  if (!databaseUrl) await ensureDataFolder(folder);
  let db: Db;
  try {
    db = await openDb({ databaseUrl, dataDir: folder.path, holder: opts.holder });
  } catch (error) {
    throw await storeFailure(error, {
      databaseUrl,
      dataDir: folder.path,
      dataDirSource: folder.source,
      whenInUse: opts.whenInUse,
    });
  }
  try {
    await migrate(db);
    return await fn(db, folder.path);
  } finally {
    await db.close();
  }
}
