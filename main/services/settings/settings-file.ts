/**
 * The desktop settings on disk: `settings.json` in the app's user-data folder (Electron's
 * `userData`; the browser host's data folder), beside the logs. Only what the user saved is in it;
 * a field left out takes its default. Nothing in it is secret.
 *
 * Reading never stops the app: a missing file is a first start, and a file that is not JSON or
 * holds a wrong value gives the defaults for what is wrong, with a warning that says so (shown in
 * the Settings screen and logged). Writing is atomic — a temporary file in the same folder,
 * flushed, then renamed over the old one — so a crash or a full disk leaves the old file whole.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type DesktopSettings, parseStoredSetting, SETTINGS_FIELDS } from '../../../domain/desktop-settings';

export const SETTINGS_FILE = 'settings.json';

export type StoredSettings = Partial<DesktopSettings>;

export interface SettingsFileRead {
  readonly stored: StoredSettings;
  readonly warnings: readonly string[];
}

export function settingsPath(folder: string): string {
  return path.join(folder, SETTINGS_FILE);
}

export async function readSettingsFile(file: string): Promise<SettingsFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { stored: {}, warnings: [] };
    return { stored: {}, warnings: [`${file} could not be read (${errorCode(error)}): the defaults are used.`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      stored: {},
      warnings: [`${file} is not valid JSON: the defaults are used until you save the settings again.`],
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      stored: {},
      warnings: [`${file} does not hold settings: the defaults are used until you save the settings again.`],
    };
  }
  const record = json as Record<string, unknown>;
  const stored: Partial<Record<keyof DesktopSettings, unknown>> = {};
  const warnings: string[] = [];
  for (const field of SETTINGS_FIELDS) {
    if (!Object.hasOwn(record, field)) continue;
    const parsed = parseStoredSetting(field, record[field]);
    if (parsed.ok) stored[field] = parsed.value;
    else warnings.push(`${file}: ${field} is ignored (${parsed.message}); its default is used.`);
  }
  return { stored: stored as StoredSettings, warnings };
}

/** Replaces the file in one step: readers see the old settings or the new, never half of them. */
export async function writeSettingsFile(file: string, stored: StoredSettings): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const body = `${JSON.stringify({ version: 1, ...stored }, null, 2)}\n`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}
