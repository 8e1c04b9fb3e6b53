/**
 * The desktop settings service: plain Node, no Electron. It reads `settings.json` from the
 * user-data folder once, answers the settings in force (environment over file over default), and
 * saves what the Settings screen sends — validated field by field with the domain's rules
 * (domain/desktop-settings.ts), refused whole with a message per wrong field, and never changing
 * a field an environment variable overrides. Applying them is the desktop runtime's job.
 */
import {
  type DesktopSettings,
  type FieldErrors,
  parseSettingsDraft,
  SETTINGS_FIELDS,
  type SettingsDraft,
  type SettingsView,
} from '../../../domain/desktop-settings';
import { effectiveSettings } from './effective-settings';
import { readSettingsFile, type StoredSettings, settingsPath, writeSettingsFile } from './settings-file';

export interface SettingsStore {
  /** The path of the settings file. */
  readonly file: string;
  view(): SettingsView;
  current(): DesktopSettings;
  save(
    draft: SettingsDraft,
  ): Promise<
    | { readonly ok: true; readonly before: SettingsView; readonly view: SettingsView }
    | { readonly ok: false; readonly errors: FieldErrors }
  >;
}

export interface SettingsStoreOptions {
  /** The user-data folder (Electron's `userData`; the browser host's `--data`). */
  readonly folder: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (message: string, context: Record<string, unknown>) => void;
}

export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const file = settingsPath(options.folder);
  const read = await readSettingsFile(file);
  let stored: StoredSettings = read.stored;
  // What was wrong with the file stays said until a save replaces it.
  let fileWarnings: readonly string[] = read.warnings;
  const compute = () => effectiveSettings({ env: options.env, stored, file, fileWarnings });
  let view = compute();
  for (const warning of view.warnings) options.log('settings warning', { warning });
  // One save at a time, in order: two quick saves must not write their files crosswise.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    file,
    view: () => view,
    current: () => view.values,
    save(draft) {
      const run = async () => {
        const parsed = parseSettingsDraft(draft);
        if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
        const next: Record<string, unknown> = { ...stored };
        for (const field of SETTINGS_FIELDS) {
          const value = parsed.values[field];
          // Overridden fields are the environment's: the screen shows them read-only, and a
          // renderer sending one anyway changes nothing.
          if (value === undefined || view.overriddenBy[field] !== null) continue;
          if (value === null) delete next[field];
          else next[field] = value;
        }
        await writeSettingsFile(file, next as StoredSettings);
        const before = view;
        stored = next as StoredSettings;
        fileWarnings = [];
        view = compute();
        return { ok: true as const, before, view };
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
