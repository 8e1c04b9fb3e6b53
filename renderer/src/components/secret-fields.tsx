import { useEffect, useState } from 'react';
import { TOTP_PERIOD, totpAt } from './totp';

/** Copies without showing; clears nothing else on the clipboard. Returns a user-facing result. */
async function copy(text: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    return 'Could not copy: the clipboard is not available here';
  }
}

export function SecretField({ label, value }: { label: string; value: string }) {
  const [revealed, setRevealed] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="field-row">
      <span className="field-label">{label}</span>
      <output className="secret-value" aria-label={label}>
        {revealed ? value : '••••••••'}
      </output>
      <button type="button" onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
        {revealed ? `Hide ${label.toLowerCase()}` : `Reveal ${label.toLowerCase()}`}
      </button>
      <button type="button" onClick={() => void copy(value).then(setNote)}>
        Copy {label.toLowerCase()}
      </button>
      {note && (
        <span className="muted" role="status">
          {note}
        </span>
      )}
    </div>
  );
}

export function TotpCode({ secret }: { secret: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const current = totpAt(secret, now);
  if (!current) return <p className="error-text">The TOTP secret is not valid Base32.</p>;
  return (
    <div className="field-row">
      <span className="field-label">Verification code</span>
      <output className="totp-code" aria-label="Verification code">
        {current.code.slice(0, 3)} {current.code.slice(3)}
      </output>
      <progress max={TOTP_PERIOD} value={current.secondsLeft} aria-label="Seconds until the code changes" />
      <span className="muted">{current.secondsLeft}s</span>
    </div>
  );
}
