/**
 * Backup and restore of the embedded PGlite store:
 *
 *   npm run server -- backup --to FILE [--data DIR]
 *   npm run server -- restore --from FILE [--data DIR] [--force]
 *
 * A backup is PGlite's `dumpDataDir` (a tar.gz of the database) taken with the store closed to
 * everyone else: PGlite keeps one process per folder (data-folder-lock.ts), so while a server
 * holds the folder both commands refuse and say to stop it. A copy taken beside a running server
 * would be a copy of files it is still writing.
 *
 * The credentials key is never in a backup (it lives in its own file, kept apart), and the
 * SCIM token is only a digest in the database. A restore refuses a folder that holds a store
 * unless `--force`, which replaces the database but keeps the credentials key file. It gives
 * the restored store a new epoch (store-epoch.ts): every replica's checkpoint then says "start
 * over" rather than pulling on from a position the restored sequence never reached.
 *
 * PostgreSQL (DATABASE_URL) is backed up with pg_dump; the README gives the recipe.
 */
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataFolder } from '../../cli/data-folder';
import { runsDirectly } from '../../cli/runs-directly';
import { runCli, StartupError } from '../../cli/startup-error';
import { dataDirSetting } from '../config';
import { storeFailure } from '../startup-failure';
import { DataFolderInUseError, LOCK_FILE, lockDataFolder } from './data-folder-lock';
import { openPglite } from './db';
import { renewStoreEpoch } from './store-epoch';

const USAGE = `usage: npm run server -- backup --to FILE [--data DIR]
       npm run server -- restore --from FILE [--data DIR] [--force]`;

/** Files of a data folder that are not the database: a restore keeps them. */
const KEPT_ON_RESTORE = (name: string): boolean => name === LOCK_FILE || name.startsWith('credentials.key');

const WHEN_IN_USE = {
  backup: 'stop the sync server first, then back up (a backup is taken from the closed store), and start it again',
  restore: 'stop the sync server first, then restore into its folder, and start it again',
};

export async function runBackupCli(argv: readonly string[]): Promise<number> {
  const command = argv[0];
  if (command !== 'backup' && command !== 'restore') {
    console.error(USAGE);
    return 2;
  }
  let values: { to?: string | undefined; from?: string | undefined; data?: string | undefined; force?: boolean };
  try {
    values = parseArgs({
      args: argv.slice(1),
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        data: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const file = command === 'backup' ? values.to : values.from;
  const wrongFlags = command === 'backup' ? values.from !== undefined || values.force : values.to !== undefined;
  if (!file || wrongFlags) {
    console.error(USAGE);
    return 2;
  }
  if (process.env.DATABASE_URL) {
    throw new StartupError(
      `${command} copies the embedded PGlite store, and DATABASE_URL names a PostgreSQL database: use pg_dump and pg_restore for it (README, Backups), or unset DATABASE_URL to ${command} the --data folder.`,
      { code: 'backup_postgres' },
    );
  }
  const folder = dataDirSetting(values.data, process.env);
  if (command === 'backup') await backup(folder, file);
  else await restore(folder, file, values.force === true);
  return 0;
}

async function backup(folder: { path: string; source: string }, to: string): Promise<void> {
  const dir = path.resolve(folder.path);
  if (!(await holdsStore(dir))) {
    throw new StartupError(
      `There is no store to back up in ${dir} (${folder.source}): name the server's --data folder.`,
      {
        code: 'no_store',
      },
    );
  }
  if (await exists(to)) {
    throw new StartupError(`${to} already exists: back up to a new file (a backup never overwrites one).`, {
      code: 'backup_exists',
    });
  }
  const db = await open(dir, folder.source, 'backup', () => openPglite(dir, 'backup'));
  let dump: Blob;
  try {
    dump = await db.dumpDataDir();
  } finally {
    await db.close();
  }
  // Written aside, then renamed: a backup file is whole or absent. Owner-only: it holds every record.
  const partial = `${to}.partial`;
  await writeFile(partial, new Uint8Array(await dump.arrayBuffer()), { mode: 0o600 });
  await rename(partial, to);
  console.log(
    `Backed up the store in ${dir} to ${to} (${megabytes(dump.size)}). The credentials key is not in it: keep its file (credentials.key, or LATCHKEY_CREDENTIALS_KEY_FILE) in a safe place of its own.`,
  );
}

async function restore(folder: { path: string; source: string }, from: string, force: boolean): Promise<void> {
  let dump: Buffer;
  try {
    dump = await readFile(from);
  } catch (error) {
    throw new StartupError(`Cannot read the backup ${from}: ${(error as NodeJS.ErrnoException).code ?? error}.`, {
      code: 'backup_unreadable',
      cause: error,
    });
  }
  const dir = await ensureDataFolder(folder);
  const lock = await open(dir, folder.source, 'restore', () => lockDataFolder(dir, 'restore'));
  try {
    const present = (await readdir(dir)).filter((name) => !KEPT_ON_RESTORE(name));
    if (present.length > 0 && !force) {
      throw new StartupError(
        `The data folder ${dir} (${folder.source}) is not empty: restore will not overwrite a store. Pass --force to replace it (its credentials key file is kept), or restore into an empty folder.`,
        { code: 'restore_not_empty' },
      );
    }
    await Promise.all(present.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
  } catch (error) {
    await lock.release();
    throw error;
  }
  let db: Awaited<ReturnType<typeof openPglite>>;
  try {
    db = await openPglite(dir, 'restore', { lock, loadDataDir: new Blob([new Uint8Array(dump)]) });
  } catch (error) {
    throw new StartupError(
      `${from} could not be restored (is it a backup made by \`npm run server -- backup\`?): ${error instanceof Error ? error.message : String(error)}. The folder ${dir} is left without a store.`,
      { code: 'restore_failed', cause: error },
    );
  }
  try {
    // A backup older than store epochs gets one from its migration at the next start: new either way.
    const [epochTable] = await db.query<{ present: boolean }>(
      "select to_regclass('store_epoch') is not null as present",
    );
    if (epochTable?.present) await renewStoreEpoch(db);
  } finally {
    await db.close();
  }
  console.log(
    `Restored ${from} into ${dir}. Start the server on it; replicas start over at their next pull. Put back the credentials key file it was sealed with if this folder has none.`,
  );
}

/** Opens under the folder's lock; a folder in use is refused with what to do. */
async function open<T>(dir: string, source: string, command: 'backup' | 'restore', how: () => Promise<T>): Promise<T> {
  try {
    return await how();
  } catch (error) {
    if (!(error instanceof DataFolderInUseError)) throw error;
    throw await storeFailure(error, {
      databaseUrl: undefined,
      dataDir: dir,
      dataDirSource: source,
      whenInUse: WHEN_IN_USE[command],
    });
  }
}

async function holdsStore(dir: string): Promise<boolean> {
  return exists(path.join(dir, 'PG_VERSION'));
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Runnable directly too: `npx tsx sync-server/store/backup-cli.ts backup --to FILE --data DIR`.
if (runsDirectly(import.meta.url)) {
  await runCli(async (args) => {
    process.exitCode = await runBackupCli(args);
  });
}
