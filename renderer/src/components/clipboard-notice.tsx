import { useEffect, useState } from 'react';
import { useClipboard } from '../stores/clipboard-store';

const WHAT: Record<string, string> = {
  username: 'Username',
  password: 'Password',
  'verification code': 'Verification code',
};

/** "Password copied — clears in 28 s": how long a copied secret stays on the clipboard. */
export function ClipboardNotice() {
  const state = useClipboard();
  const [now, setNow] = useState(() => Date.now());
  const counting = state.phase === 'copied';
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [counting]);
  if (state.phase === 'idle') return null;
  const dismiss = (
    <button type="button" className="link" onClick={() => useClipboard.setState({ phase: 'idle' }, true)}>
      Dismiss
    </button>
  );
  if (state.phase === 'failed')
    return (
      <div className="clipboard-notice">
        <p className="error-text" role="alert">
          {state.message}
        </p>
        {dismiss}
      </div>
    );
  const left = Math.ceil((state.clearsAt - now) / 1000);
  return (
    <div className="clipboard-notice">
      <p role="status" aria-label="Clipboard">
        {left > 0
          ? `${WHAT[state.what]} of ${state.accountName} copied — clears in ${left} s`
          : `${WHAT[state.what]} of ${state.accountName} is no longer on the clipboard`}
      </p>
      {left <= 0 && dismiss}
    </div>
  );
}
