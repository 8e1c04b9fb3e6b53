import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import {
  DEFAULT_PASSWORD_OPTIONS,
  generatePassword,
  PASSWORD_CLASSES,
  PASSWORD_LENGTH,
  type PasswordClass,
  PasswordOptions,
} from '../../../domain/password-generator';
import { decide } from '../../../domain/policy';
import type { Account, Credentials } from '../../../domain/records';
import { parseTotpInput } from '../../../domain/totp-input';
import type { TotpQr } from '../../../domain/totp-qr';
import { Dialog } from '../components/dialog';
import { firstImage, imagePixels } from '../components/image-pixels';
import { AccountDraft, createAccount, updateAccount, updateCredentials } from '../replica/writes';
import { navigate } from '../stores/route-store';
import { parseLabels } from './account-filter';
import { useApp } from './app-context';

export type AccountFormMode =
  | { kind: 'create'; meId: string }
  | { kind: 'edit'; account: Account; credentials: Credentials | null };

/** Create or edit an account. Fields the user may not change (per `decide`) are read-only. */
export function AccountFormDialog({
  mode,
  onClose,
  focusPassword = false,
}: {
  mode: AccountFormMode;
  onClose: () => void;
  /** Opened to change the password (the rotation banner): the password field takes focus. */
  focusPassword?: boolean;
}) {
  const { handle, view, me } = useApp();
  const account = mode.kind === 'edit' ? mode.account : null;
  const creds = mode.kind === 'edit' ? mode.credentials : null;
  const may = (action: 'account.editDetails' | 'account.editLabels' | 'credentials.edit') =>
    mode.kind === 'create' ||
    (me !== null && account !== null && decide(view.index, me.id, action, { type: 'account', id: account.id }).allowed);
  const canDetails = may('account.editDetails');
  const canLabels = may('account.editLabels');
  const canCredentials = may('credentials.edit');
  const [values, setValues] = useState({
    name: account?.name ?? '',
    appName: account?.appName ?? '',
    loginUrl: account?.loginUrl ?? 'https://',
    username: account?.username ?? '',
    password: creds?.password ?? '',
    totpSecret: creds?.totpSecret ?? '',
    labels: account?.labels.join(', ') ?? '',
    collectionId: account?.collectionId ?? '',
  });
  const [errors, setErrors] = useState<string[]>([]);
  const [showPassword, setShowPassword] = useState(false);
  const [genLength, setGenLength] = useState(String(DEFAULT_PASSWORD_OPTIONS.length));
  const [genClasses, setGenClasses] = useState<PasswordClass[]>(DEFAULT_PASSWORD_OPTIONS.classes);
  const [genError, setGenError] = useState<string | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const totpHintId = useId();
  // Runs after the dialog's own effect, which focuses its first control on opening.
  useEffect(() => {
    if (focusPassword) passwordRef.current?.focus();
  }, [focusPassword]);
  const [saving, setSaving] = useState(false);
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });

  const generate = () => {
    const options = PasswordOptions.safeParse({ length: Number(genLength), classes: genClasses });
    if (!options.success) {
      setGenError(
        genClasses.length === 0
          ? 'Choose at least one kind of character.'
          : `Length must be a whole number from ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max}.`,
      );
      return;
    }
    setGenError(null);
    // Bound: getRandomValues throws "Illegal invocation" when called without `crypto` as `this`.
    setValues({ ...values, password: generatePassword(options.data, (bytes) => crypto.getRandomValues(bytes)) });
  };
  // A QR image pasted or dropped on the TOTP field: its otpauth:// link goes into the field, read
  // on save like a typed one.
  // The QR decoder loads on the first image: evaluating it cost every start ~50 ms.
  const readQr = async (image: File) => {
    setQrError(null);
    let found: TotpQr;
    try {
      const [pixels, { totpLinkFromQrPixels }] = await Promise.all([
        imagePixels(image),
        import('../../../domain/totp-qr'),
      ]);
      found = totpLinkFromQrPixels(pixels.data, pixels.width, pixels.height);
    } catch {
      found = { ok: false, message: 'the image cannot be read' };
    }
    if (!found.ok) return setQrError(`QR code: ${found.message}.`);
    const { link } = found;
    setValues((current) => ({ ...current, totpSecret: link }));
  };
  const toggleClass = (c: PasswordClass) =>
    setGenClasses(genClasses.includes(c) ? genClasses.filter((x) => x !== c) : [...genClasses, c]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const totp = parseTotpInput(values.totpSecret);
    if (!totp.ok) {
      setErrors([`${FIELD_NAMES.totpSecret}: ${totp.message}`]);
      return;
    }
    const draft = AccountDraft.safeParse({
      name: values.name.trim(),
      appName: values.appName.trim(),
      loginUrl: values.loginUrl.trim(),
      username: values.username,
      labels: parseLabels(values.labels),
      collectionId: values.collectionId || null,
      password: values.password,
      totpSecret: totp.secret,
    });
    if (!draft.success) {
      setErrors(
        draft.error.issues.map(
          (issue) => `${FIELD_NAMES[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`,
        ),
      );
      return;
    }
    setSaving(true);
    try {
      if (mode.kind === 'create') {
        const id = await createAccount(handle, mode.meId, draft.data);
        navigate({ screen: 'account', accountId: id });
      } else if (account) {
        const { password, totpSecret, labels, ...details } = draft.data;
        // One write per save: two would push twice, and a second stale push is a second conflict.
        const patch = { ...(canDetails ? details : {}), ...(canLabels ? { labels } : {}) };
        if (Object.keys(patch).length > 0) await updateAccount(handle, account.id, patch);
        if (canCredentials && (password !== (creds?.password ?? '') || totpSecret !== (creds?.totpSecret ?? null))) {
          await updateCredentials(handle, account.id, { password, totpSecret });
        }
      }
      onClose();
    } catch (error) {
      setErrors([
        error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error),
      ]);
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={mode.kind === 'create' ? 'New account' : `Edit ${account?.name ?? 'account'}`}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {mode.kind === 'create' ? 'Create account' : 'Save changes'}
          </button>
        </>
      }
    >
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="form-grid">
        <label>
          Name
          <input value={values.name} onChange={set('name')} readOnly={!canDetails} required />
        </label>
        <label>
          App name
          <input value={values.appName} onChange={set('appName')} readOnly={!canDetails} required />
        </label>
        <label>
          Login URL
          <input type="url" value={values.loginUrl} onChange={set('loginUrl')} readOnly={!canDetails} required />
        </label>
        <label>
          Username
          <input value={values.username} onChange={set('username')} readOnly={!canDetails} autoComplete="off" />
        </label>
        {canCredentials && (
          <>
            <label>
              Password
              <input
                ref={passwordRef}
                type={showPassword ? 'text' : 'password'}
                value={values.password}
                onChange={set('password')}
                autoComplete="new-password"
                spellCheck={false}
              />
            </label>
            <fieldset className="password-generator">
              <legend>Generate a password</legend>
              <label>
                Length
                <input
                  type="number"
                  min={PASSWORD_LENGTH.min}
                  max={PASSWORD_LENGTH.max}
                  value={genLength}
                  onChange={(e) => setGenLength(e.target.value)}
                />
              </label>
              {PASSWORD_CLASSES.map((c) => (
                <label key={c} className="check">
                  <input type="checkbox" checked={genClasses.includes(c)} onChange={() => toggleClass(c)} />
                  {CLASS_NAMES[c]}
                </label>
              ))}
              <div className="generator-actions">
                <button type="button" onClick={generate}>
                  Generate
                </button>
                <button type="button" aria-pressed={showPassword} onClick={() => setShowPassword(!showPassword)}>
                  Show password
                </button>
              </div>
              {genError && (
                <p className="form-errors" role="alert">
                  {genError}
                </p>
              )}
            </fieldset>
            <label>
              TOTP secret (Base32, optional)
              <input
                value={values.totpSecret}
                onChange={set('totpSecret')}
                onPaste={(event) => {
                  const image = firstImage(event.clipboardData.files);
                  if (image === undefined) return;
                  event.preventDefault();
                  void readQr(image);
                }}
                onDragOver={(event) => {
                  if (event.dataTransfer.types.includes('Files')) event.preventDefault();
                }}
                onDrop={(event) => {
                  const image = firstImage(event.dataTransfer.files);
                  if (image === undefined) return;
                  event.preventDefault();
                  void readQr(image);
                }}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={totpHintId}
              />
            </label>
            <p className="muted field-hint" id={totpHintId}>
              The Base32 secret, or the whole otpauth://totp/… link a site offers when you cannot scan its QR code — or
              paste or drop the QR code image here.
            </p>
            {qrError && (
              <p className="form-errors" role="alert">
                {qrError}
              </p>
            )}
          </>
        )}
        <label>
          Labels (comma-separated)
          <input value={values.labels} onChange={set('labels')} readOnly={!canLabels} />
        </label>
        <label>
          Collection
          <select value={values.collectionId} onChange={set('collectionId')} disabled={!canDetails}>
            <option value="">No collection</option>
            {view.collections.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Dialog>
  );
}

const CLASS_NAMES: Record<PasswordClass, string> = {
  lower: 'Lowercase (a–z)',
  upper: 'Uppercase (A–Z)',
  digits: 'Digits (0–9)',
  symbols: 'Symbols (!#$…)',
};

const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  appName: 'App name',
  loginUrl: 'Login URL',
  username: 'Username',
  labels: 'Labels',
  password: 'Password',
  totpSecret: 'TOTP secret',
  collectionId: 'Collection',
};
