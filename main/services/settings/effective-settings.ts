/**
 * The settings in force, field by field: an environment variable if it is set (a development
 * override), else the settings file, else the default. A variable whose value breaks the field's
 * rule is ignored with a warning rather than trusted or allowed to stop the app: an auto-lock that
 * never fires or a token sent over plain http would be worse than the file's value.
 */
import {
  DEFAULT_SETTINGS,
  type DesktopSettings,
  isConfigured,
  parseSettingText,
  SETTINGS_FIELDS,
  type SettingSource,
  type SettingsField,
  type SettingsView,
} from '../../../domain/desktop-settings';
import { SETTINGS_ENV } from '../desktop-config';
import type { StoredSettings } from './settings-file';

export function effectiveSettings(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stored: StoredSettings;
  readonly file: string;
  readonly fileWarnings: readonly string[];
}): SettingsView {
  const values: Partial<Record<SettingsField, unknown>> = {};
  const sources = {} as Record<SettingsField, SettingSource>;
  const overriddenBy = {} as Record<SettingsField, string | null>;
  const warnings = [...options.fileWarnings];
  for (const field of SETTINGS_FIELDS) {
    const variable = SETTINGS_ENV[field];
    const raw = variable === null ? undefined : options.env[variable];
    overriddenBy[field] = null;
    if (variable !== null && raw !== undefined && raw.trim() !== '') {
      const parsed = parseSettingText(field, raw);
      if (parsed.ok) {
        values[field] = parsed.value;
        sources[field] = 'environment';
        overriddenBy[field] = variable;
        continue;
      }
      warnings.push(`${variable}=${raw.slice(0, 60)} is ignored: ${parsed.message}`);
    }
    const stored = options.stored[field];
    if (stored !== undefined) {
      values[field] = stored;
      sources[field] = 'file';
    } else {
      values[field] = DEFAULT_SETTINGS[field];
      sources[field] = 'default';
    }
  }
  const settings = values as DesktopSettings;
  return {
    values: settings,
    sources,
    overriddenBy,
    configured: isConfigured(settings),
    file: options.file,
    warnings,
  };
}
