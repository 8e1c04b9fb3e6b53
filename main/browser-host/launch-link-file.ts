/**
 * Where the browser host leaves its one-time link: a file only this user can read (mode 0600) in
 * its data folder. A command line (`/proc/<pid>/cmdline`) and console output are readable by other
 * users and end up in logs; this file is not, and the link in it opens one window, once.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const LAUNCH_LINK_FILE = 'browser-host-link';

export function launchLinkPath(dataDir: string): string {
  return path.join(dataDir, LAUNCH_LINK_FILE);
}

/** Replaces any earlier file: a new one is created 0600 (`wx` refuses to follow anything left there). */
export async function writeLaunchLink(dataDir: string, url: string): Promise<string> {
  const file = launchLinkPath(dataDir);
  await rm(file, { force: true });
  await writeFile(file, `${url}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

export async function readLaunchLink(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

export async function removeLaunchLink(file: string): Promise<void> {
  await rm(file, { force: true });
}
