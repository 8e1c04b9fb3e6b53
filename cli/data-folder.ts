/**
 * A data folder the user named (`--data`, an environment variable, or the default): created with
 * its parents, and refused with one line that names the folder, where the name came from and why,
 * when it cannot be created or written.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from './startup-error';

export interface FolderSetting {
  path: string;
  /** Where the name came from: `--data`, `LATCHKEY_DATA_DIR`, `the default (set --data to change it)`… */
  source: string;
}

/** Creates the folder if needed and checks it can be written; returns its absolute path. */
export async function ensureDataFolder(setting: FolderSetting): Promise<string> {
  const folder = path.resolve(setting.path);
  const refuse = (why: string, cause: unknown): StartupError =>
    new StartupError(`The data folder ${folder} (${setting.source}) cannot be used: ${why}.`, {
      code: 'data_folder_unusable',
      cause,
    });
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw refuse(await whyNot(error, folder), error);
  }
  const info = await stat(folder);
  if (!info.isDirectory()) throw refuse('it is a file, not a folder; remove it or choose another folder', null);
  try {
    await access(folder, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw refuse(await whyNot(error, folder), error);
  }
  return folder;
}

/** The reason in words, with what to do. ENOTDIR/EEXIST name the file that stands in the way. */
export async function whyNot(error: unknown, folder: string): Promise<string> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR': {
      const file = await fileInTheWay(folder);
      return `${file ?? 'a file on its path'} is a file, not a folder; move it away or choose another folder`;
    }
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; choose a folder this user may write, or give it write permission';
    case 'EROFS':
      return 'it is on a read-only file system; choose a writable folder';
    case 'ENOSPC':
      return 'the disk is full; free some space';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'its path has a symbolic link loop';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The nearest ancestor (or the folder itself) that exists and is not a folder. */
async function fileInTheWay(folder: string): Promise<string | null> {
  for (let current = folder; ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && !info.isDirectory()) return current;
    if (info || path.dirname(current) === current) return null;
  }
}
