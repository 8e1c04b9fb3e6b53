import { type ChangeEvent, useRef, useState } from 'react';
import { LOGO_MEDIA_TYPES, type LogoMediaType, MAX_LOGO_BYTES } from '../../../domain/account-logo';
import { decide } from '../../../domain/policy';
import type { Account } from '../../../domain/records';
import { api as routes } from '../../../domain/wire/api';
import { refreshLogos, useLogo } from '../stores/logo-store';
import { useApp } from './app-context';
import { callApi } from './call-api';

/** The logo beside an account's name; nothing when it has none (Okta then shows its default icon too). */
export function AccountLogo({ accountId, className }: { accountId: string; className: string }) {
  const src = useLogo(accountId);
  return src === null ? null : <img className={className} src={src} alt="" data-logo-for={accountId} />;
}

const toBase64 = (bytes: ArrayBuffer) => {
  let binary = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
};

/**
 * Account details → Logo: the account's Owners choose a PNG or SVG (at most 100 KB) or remove it.
 * The server re-encodes it and brings it to the account's Okta app (the chiclet's icon); its
 * refusal (too large, not a PNG/SVG, damaged) is shown as it words it.
 */
export function AccountLogoPanel({ account }: { account: Account }) {
  const { api, view, me } = useApp();
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const edit = me ? decide(view.index, me.id, 'account.editDetails', { type: 'account', id: account.id }) : null;
  const src = useLogo(account.id);
  const fileRef = useRef<HTMLInputElement>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const mediaType = LOGO_MEDIA_TYPES.find((t) => t === file.type) as LogoMediaType | undefined;
    if (mediaType === undefined) return setNote({ error: true, text: 'A logo must be a PNG or an SVG image.' });
    if (file.size > MAX_LOGO_BYTES) {
      return setNote({
        error: true,
        text: `The logo is larger than ${MAX_LOGO_BYTES / 1024} KB. Use a smaller image.`,
      });
    }
    setBusy(true);
    setNote({ error: false, text: 'Uploading the logo…' });
    const outcome = await callApi(api, routes.setLogo, {
      params: { id: account.id },
      body: { mediaType, data: toBase64(await file.arrayBuffer()) },
    });
    if (outcome.ok) await refreshLogos(api);
    setBusy(false);
    setNote(
      outcome.ok
        ? { error: false, text: 'Logo saved. It appears on the Okta chiclet at the next sync of an extended account.' }
        : { error: true, text: outcome.message },
    );
  };
  const remove = async () => {
    setBusy(true);
    const outcome = await callApi(api, routes.removeLogo, { params: { id: account.id } });
    if (outcome.ok) await refreshLogos(api);
    setBusy(false);
    setNote(
      outcome.ok
        ? { error: false, text: 'Logo removed. Okta keeps the last logo it received until the app is recreated.' }
        : { error: true, text: outcome.message },
    );
  };

  return (
    <section className="panel logo-panel" aria-labelledby="logo-title">
      <div className="panel-head">
        <h3 id="logo-title">Logo</h3>
      </div>
      <div className="logo-row">
        {src ? (
          <img className="logo-preview" src={src} alt={`Logo of ${account.name}`} />
        ) : (
          <span className="muted">No logo: Okta shows its default icon.</span>
        )}
        <button type="button" onClick={() => fileRef.current?.click()} disabled={!edit?.allowed || busy}>
          Choose logo…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept={LOGO_MEDIA_TYPES.join(',')}
          aria-label="Logo file (PNG or SVG, at most 100 KB)"
          disabled={!edit?.allowed || busy}
          onChange={(e) => void choose(e)}
          hidden
        />
        {src && (
          <button type="button" onClick={() => void remove()} disabled={!edit?.allowed || busy}>
            Remove logo
          </button>
        )}
      </div>
      {edit && !edit.allowed && <p className="notice">{edit.message}</p>}
      {note && (
        <p className={note.error ? 'error-text' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
