import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DataFolderInUseError,
  LOCK_FILE,
  lockDataFolder,
  lockHolder,
} from '../../../../sync-server/store/data-folder-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-lock-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const writeLock = (pid: number) =>
  writeFile(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid, holder: 'sync server', hostname: 'h', startedAt: '2020-01-01T00:00:00.000Z' }),
  );

describe('data folder lock', () => {
  it('refuses a second opener in the same process, naming the holder, and frees the folder on release', async () => {
    const lock = await lockDataFolder(dir, 'sync server');
    const second = await lockDataFolder(dir, 'scim-token rotate').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DataFolderInUseError);
    expect((second as DataFolderInUseError).holder).toMatchObject({ pid: process.pid, holder: 'sync server' });
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(await lockHolder(dir)).toBeNull();
    await (await lockDataFolder(dir, 'scim-token rotate')).release();
  });

  it('takes over a lock whose pid no longer runs', async () => {
    await writeLock(spawnSync(process.execPath, ['-e', '0']).pid);
    const lock = await lockDataFolder(dir, 'sync server');
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over its own pid in a lock it does not hold (a restarted container gets the same pid)', async () => {
    await writeLock(process.pid);
    expect(await lockHolder(dir)).toBeNull();
    await (await lockDataFolder(dir, 'sync server')).release();
  });

  it('takes over a lock file that is not a lock (empty or garbled)', async () => {
    await writeFile(join(dir, LOCK_FILE), '');
    await (await lockDataFolder(dir, 'sync server')).release();
  });

  it('leaves a lock it took over alone when releasing an older handle, even one taken in the same millisecond', async () => {
    // The clock stands still, as it can between two locks taken by one process: the handles
    // must still tell their locks apart.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-05T06:00:00.000Z') });
    try {
      const first = await lockDataFolder(dir, 'sync server');
      await first.release();
      const second = await lockDataFolder(dir, 'sync server');
      await first.release();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
      await second.release();
    } finally {
      vi.useRealTimers();
    }
  });
});
