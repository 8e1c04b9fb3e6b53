import { create } from 'zustand';
import { CLIPBOARD_CLEAR_SECONDS } from '../../../domain/clipboard-guard';
import type { FieldErrors, SettingsDraft, SettingsView } from '../../../domain/desktop-settings';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { callService } from '../bridge/call-service';

// The desktop settings as main holds them (settings.json, overridden by environment variables):
// a copy for the screens, refreshed by every answer. Main validates and applies; this only shows.
export type SettingsState =
  | { phase: 'loading' }
  | { phase: 'ready'; view: SettingsView }
  | { phase: 'failed'; message: string };

export const useSettings = create<SettingsState>(() => ({ phase: 'loading' }));

export async function loadSettings(api: LatchkeyApi): Promise<void> {
  const answer = await callService(api, 'settings:get');
  if (!answer.ok) return useSettings.setState({ phase: 'failed', message: answer.reason }, true);
  useSettings.setState({ phase: 'ready', view: answer.value }, true);
}

export type SaveOutcome =
  | { readonly ok: true; readonly signedOut: boolean }
  | { readonly ok: false; readonly message: string; readonly fieldErrors: FieldErrors };

export async function saveSettings(api: LatchkeyApi, draft: SettingsDraft): Promise<SaveOutcome> {
  const answer = await callService(api, 'settings:save', draft);
  if (!answer.ok) {
    // Only main's refusal of a value names fields; a failed call names none.
    const fieldErrors = ('fieldErrors' in answer ? answer.fieldErrors : undefined) ?? {};
    return { ok: false, message: answer.reason, fieldErrors };
  }
  useSettings.setState({ phase: 'ready', view: answer.value.view }, true);
  return { ok: true, signedOut: answer.value.signedOut };
}

/** The delay before a copied secret is taken back: the setting in force, or its default until known. */
export function clipboardClearSeconds(): number {
  const state = useSettings.getState();
  return state.phase === 'ready' ? state.view.values.clipboardClearSeconds : CLIPBOARD_CLEAR_SECONDS.default;
}
