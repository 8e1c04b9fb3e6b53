import { type FormEvent, useId, useState } from 'react';
import {
  CONNECTION_FIELDS,
  type FieldErrors,
  SETTINGS_FIELDS,
  type SettingsDraft,
  type SettingsField,
  type SettingsView,
} from '../../../../domain/desktop-settings';
import type { LatchkeyApi } from '../../../../domain/ipc-contract';
import { navigate } from '../../stores/route-store';
import { useSession } from '../../stores/session-store';
import { saveSettings, useSettings } from '../../stores/settings-store';

/**
 * This device's settings (domain/desktop-settings.ts), kept by main in settings.json: where the
 * sync server and Okta are, the lock timeout and the clipboard timeout. Main validates and
 * applies them; this screen shows the values in force, which environment variable overrides a
 * field (then read-only), and main's message beside each wrong field.
 */
export function SettingsScreen({ api }: { api: LatchkeyApi }) {
  const settings = useSettings();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <main className="screen settings-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Settings</h2>
      {settings.phase === 'loading' && (
        <p className="empty-state" aria-busy="true">
          Reading the settings…
        </p>
      )}
      {settings.phase === 'failed' && (
        <p className="error-text" role="alert">
          The settings cannot be shown: {settings.message}
        </p>
      )}
      {settings.phase === 'ready' && (
        <SettingsForm
          // A new view (after a save) starts the form again from the values now in force.
          key={JSON.stringify(settings.view.values)}
          api={api}
          view={settings.view}
          onSaved={setSaved}
        />
      )}
      <p role="status" className="settings-saved">
        {saved}
      </p>
    </main>
  );
}

type Draft = Record<SettingsField, string>;

const asText = (view: SettingsView): Draft => ({
  syncServerUrl: view.values.syncServerUrl ?? '',
  issuer: view.values.issuer ?? '',
  clientId: view.values.clientId,
  lockAfterMinutes: String(view.values.lockAfterMinutes),
  clipboardClearSeconds: String(view.values.clipboardClearSeconds),
});

const FIELDS: Record<SettingsField, { label: string; hint: string; type: 'url' | 'text' | 'decimal' }> = {
  syncServerUrl: {
    label: 'Sync server URL',
    hint: 'Your organisation’s Latchkey server, e.g. https://latchkey.acme.com (https; plain http only to this computer).',
    type: 'url',
  },
  issuer: {
    label: 'Okta issuer',
    hint: 'Your Okta authorization server, e.g. https://acme.okta.com/oauth2/default.',
    type: 'url',
  },
  clientId: {
    label: 'Okta client id',
    hint: 'The client id of Latchkey’s app in Okta (latchkey-desktop unless your admin says otherwise).',
    type: 'text',
  },
  lockAfterMinutes: {
    label: 'Lock after (minutes without activity)',
    hint: '0 never locks by idleness; at most 1440 (a day). Takes effect at once.',
    type: 'decimal',
  },
  clipboardClearSeconds: {
    label: 'Clear copied secrets after (seconds)',
    hint: 'A copied password or code leaves the clipboard after this many seconds, 1 to 3600. Takes effect at once.',
    type: 'decimal',
  },
};

function SettingsForm({
  api,
  view,
  onSaved,
}: {
  api: LatchkeyApi;
  view: SettingsView;
  onSaved: (message: string | null) => void;
}) {
  const session = useSession();
  const signedIn = session.phase === 'signed-in';
  const initial = asText(view);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = (field: SettingsField) => view.overriddenBy[field] === null;
  const connectionChanging = CONNECTION_FIELDS.some(
    (field) => editable(field) && draft[field].trim() !== initial[field],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    onSaved(null);
    // Only what this screen may change: a field set by an environment variable is not sent.
    const sent: SettingsDraft = {};
    for (const field of SETTINGS_FIELDS) if (editable(field)) sent[field] = draft[field];
    const outcome = await saveSettings(api, sent);
    setBusy(false);
    if (!outcome.ok) {
      setErrors(outcome.fieldErrors);
      setFailure(outcome.message);
      return;
    }
    setErrors({});
    setFailure(null);
    onSaved(
      outcome.signedOut
        ? 'Settings saved. You were signed out of the previous server; sign in again.'
        : 'Settings saved.',
    );
  };

  const reset = () => {
    setDraft(initial);
    setErrors({});
    setFailure(null);
    onSaved(null);
  };

  const field = (name: SettingsField) => (
    <SettingField
      key={name}
      name={name}
      value={draft[name]}
      overriddenBy={view.overriddenBy[name]}
      error={errors[name]}
      onChange={(value) => setDraft({ ...draft, [name]: value })}
    />
  );

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted">
        These settings belong to this device and are kept in <code>{view.file}</code>.
      </p>
      {view.warnings.length > 0 && (
        <div className="notice" role="alert" aria-label="Settings warnings">
          {view.warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
        </div>
      )}
      {!view.configured && (
        <p className="notice">
          Latchkey is not set up on this device yet: enter your organisation’s sync server URL and Okta issuer (your IT
          admin has them), save, then sign in.
        </p>
      )}
      {failure && (
        <p className="form-errors" role="alert">
          {failure}
        </p>
      )}
      <fieldset className="settings-group">
        <legend>Server and Okta</legend>
        {CONNECTION_FIELDS.map(field)}
        <p className="muted field-hint">
          {signedIn
            ? 'Changing the server or Okta signs you out first and removes this device’s local data (it belongs to the old server); then you sign in to the new one.'
            : 'Sign-in uses them from the next time you sign in.'}
        </p>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Security on this device</legend>
        {field('lockAfterMinutes')}
        {field('clipboardClearSeconds')}
      </fieldset>
      <div className="form-actions">
        {!signedIn && (
          <button type="button" onClick={() => navigate({ screen: 'accounts' })}>
            Back to sign in
          </button>
        )}
        <button type="button" onClick={reset} disabled={busy}>
          Reset
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : signedIn && connectionChanging ? 'Save and sign out' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function SettingField({
  name,
  value,
  overriddenBy,
  error,
  onChange,
}: {
  name: SettingsField;
  value: string;
  overriddenBy: string | null;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const spec = FIELDS[name];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="settings-field">
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type={spec.type === 'url' ? 'url' : 'text'}
        inputMode={spec.type === 'decimal' ? 'decimal' : undefined}
        value={value}
        readOnly={overriddenBy !== null}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        autoComplete="off"
        spellCheck={false}
      />
      {error && (
        <p className="form-errors" id={errorId}>
          {error}
        </p>
      )}
      <p className="muted field-hint" id={hintId}>
        {overriddenBy !== null
          ? `Set by the environment variable ${overriddenBy} (a development override): change it there.`
          : spec.hint}
      </p>
    </div>
  );
}
