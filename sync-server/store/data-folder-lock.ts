/**
 * One process per PGlite folder. PGlite is PostgreSQL in WASM without a postmaster: two
 * processes on one folder each keep their own copy of the database in memory and overwrite each
 * other's files (a SCIM token rotated by one is lost when the other closes). So every opener
 * takes this lock first: a file in the folder with the holder's pid, created atomically (written
 * aside, then hard-linked into place, so nobody reads a half-written lock).
 *
 * A lock whose pid is gone is stale (the holder was killed) and is taken over. Our own pid in a
 * lock this process does not hold is stale too: a restarted container often gets the same pid.
 * The lock is removed on close and, as a last resort, when the process exits.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'latchkey.lock';

export const LockHolder = z.object({
  pid: z.number().int().positive(),
  /** What holds it, for the message a second opener gets: `sync server`, `scim-token rotate`. */
  holder: z.string(),
  hostname: z.string(),
  startedAt: z.string(),
  /**
   * Unique per lock taken: release compares the file's content with its own, and two locks taken
   * by one process within the same millisecond would otherwise read the same, so an old handle
   * could remove the lock that replaced it. Optional: lock files written before it still parse.
   */
  nonce: z.string().optional(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  readonly code = 'data_folder_in_use';
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    super(`the data folder ${folder} is in use by the ${holder.holder} (pid ${holder.pid}, since ${holder.startedAt})`);
  }
}

export interface DataFolderLock {
  readonly file: string;
  /**
   * Writes this lock's file again, over whatever replaced it: loading a dump into the folder
   * (a restore) brings the lock file of the store it was dumped from.
   */
  reassert(): Promise<void>;
  release(): Promise<void>;
}

/** Lock files this process holds, with their content, so the exit hook removes only its own. */
const held = new Map<string, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, content] of held) {
      try {
        if (readFileSync(file, 'utf8') === content) unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    }
  });
}

export async function lockDataFolder(folder: string, holder: string): Promise<DataFolderLock> {
  const file = path.join(folder, LOCK_FILE);
  const content = JSON.stringify({
    pid: process.pid,
    holder,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    nonce: randomUUID(),
  } satisfies LockHolder);
  // Three rounds cover a stale lock taken over while another opener races for it.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(file, content)) {
      held.set(file, content);
      installExitHook();
      return {
        file,
        async reassert() {
          if (held.get(file) !== content) return;
          const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
          await writeFile(aside, content, { mode: 0o600, flag: 'wx' });
          await rename(aside, file);
        },
        async release() {
          if (held.get(file) !== content) return;
          held.delete(file);
          const current = await readFile(file, 'utf8').catch(() => null);
          if (current === content) await unlink(file).catch(() => undefined);
        },
      };
    }
    const existing = await readFile(file, 'utf8').catch(() => null);
    if (existing === null) continue; // released between our attempt and the read: try again
    const current = parseHolder(existing);
    if (current && isAlive(current, file)) throw new DataFolderInUseError(folder, current, file);
    await takeOverStale(file, existing);
  }
  const last = parseHolder((await readFile(file, 'utf8').catch(() => null)) ?? '');
  if (last) throw new DataFolderInUseError(folder, last, file);
  throw new Error(`could not take the lock ${file}`);
}

/** Who holds the folder's lock now, or null when nobody alive does (no lock, or a stale one). */
export async function lockHolder(folder: string): Promise<LockHolder | null> {
  const file = path.join(folder, LOCK_FILE);
  const current = parseHolder((await readFile(file, 'utf8').catch(() => null)) ?? '');
  return current && isAlive(current, file) ? current : null;
}

/** Exclusive create: the content is complete before the name appears (link fails if it exists). */
async function tryCreate(file: string, content: string): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(aside, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Moves the stale lock aside rather than deleting it: if another opener took it over first, what
 * we moved is their live lock, which goes straight back.
 */
async function takeOverStale(file: string, staleContent: string): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== null && moved !== staleContent) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder, file: string): boolean {
  if (holder.pid === process.pid) return held.has(file);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
