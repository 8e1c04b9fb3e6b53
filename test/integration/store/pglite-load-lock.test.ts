/**
 * A PGlite store loaded from a dump (a restore, or a test store copied from a migrated one) keeps
 * its opener's data-folder lock. A dump holds every file of the folder it was made from, the lock
 * file among them; loaded, it used to replace the opener's lock with that folder's, so a second
 * process could take the folder while the first still had it open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder, lockHolder } from '../../../sync-server/store/data-folder-lock';
import { openPglite } from '../../../sync-server/store/db';

const folders: string[] = [];
const folder = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-load-lock-'));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a PGlite store loaded from a dump', () => {
  it('is held by the process that loaded it, not by the one the dump came from', async () => {
    const source = await openPglite(await folder(), 'sync server');
    const dump = await source.dumpDataDir();
    await source.close();

    const target = await folder();
    const restored = await openPglite(target, 'store restore', { loadDataDir: dump });
    try {
      expect((await lockHolder(target))?.holder).toBe('store restore');
      await expect(lockDataFolder(target, 'another opener')).rejects.toBeInstanceOf(DataFolderInUseError);
    } finally {
      await restored.close();
    }
    // Released on close like any lock.
    expect(await lockHolder(target)).toBeNull();
  });
});
