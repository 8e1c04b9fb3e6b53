/**
 * Migration tests: a store as an earlier version left it, then exactly one migration applied.
 * Each test stops at its own migration, so a later migration (which may touch the same documents)
 * never changes what it asserts.
 */
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, openPglite } from '../../sync-server/store/db';
import { migrate } from '../../sync-server/store/migrate';

const MIGRATIONS = fileURLToPath(new URL('../../sync-server/store/migrations/', import.meta.url));

export interface MigrationStore {
  db: Db;
  /** Applies the migrations up to and including `version` (a file name prefix such as `0004`). */
  migrateThrough(version: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh PGlite store with every migration before `version` applied. */
export async function storeBefore(version: string): Promise<MigrationStore> {
  const folders: string[] = [];
  const only = async (keep: (file: string) => boolean): Promise<string> => {
    const folder = await mkdtemp(join(tmpdir(), 'latchkey-migrations-'));
    folders.push(folder);
    for (const file of await readdir(MIGRATIONS)) {
      if (keep(file)) await symlink(join(MIGRATIONS, file), join(folder, file));
    }
    return folder;
  };
  const data = await mkdtemp(join(tmpdir(), 'latchkey-migration-store-'));
  folders.push(data);
  const db = await openPglite(data);
  await migrate(db, await only((file) => file < version));
  return {
    db,
    migrateThrough: async (through) => migrate(db, await only((file) => file.slice(0, through.length) <= through)),
    async close() {
      await db.close();
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    },
  };
}
