import { useEffect, useState } from 'react';
import { TOTP_PERIOD, totpAt } from './totp';

/** A secret shown masked until revealed; Copy hands it to the clipboard (which takes it back later). */
export function SecretField({ label, value, onCopy }: { label: string; value: string; onCopy: () => void }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="field-row">
      <span className="field-label">{label}</span>
      <output className="secret-value" aria-label={label}>
        {revealed ? value : '••••••••'}
      </output>
      <button type="button" onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
        {revealed ? `Hide ${label.toLowerCase()}` : `Reveal ${label.toLowerCase()}`}
      </button>
      <button type="button" onClick={onCopy}>
        Copy {label.toLowerCase()}
      </button>
    </div>
  );
}

/** The current code, refreshed every second; Copy takes the code current at the click. */
export function TotpCode({ secret, onCopy }: { secret: string; onCopy: (code: string) => void }) {
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
      <button
        type="button"
        onClick={() => {
          const code = totpAt(secret, Date.now());
          if (code) onCopy(code.code);
        }}
      >
        Copy verification code
      </button>
    </div>
  );
}
