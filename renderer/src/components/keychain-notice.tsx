/**
 * "Where no keychain exists, the app says so and refuses to persist tokens, never writes them in
 * clear." Without a keychain key the replica keeps credentials in an in-memory database
 * (replica/open-replica.ts), so they are gone when the app quits and pulled again at the next start.
 * The notice says what to install or start on this OS; once dismissed it stays away on this device.
 */
import { useState } from 'react';
import { useAppInfo } from '../stores/app-info-store';
import { dismissKeychainNotice, keychainAdvice, keychainNoticeDismissed } from './keychain-advice';

export function KeychainNotice({ credentialsPersisted }: { credentialsPersisted: boolean }) {
  const info = useAppInfo();
  const [dismissed, setDismissed] = useState(() => keychainNoticeDismissed(window.localStorage));
  if (credentialsPersisted || dismissed) return null;
  const dismiss = () => {
    dismissKeychainNotice(window.localStorage);
    setDismissed(true);
  };
  return (
    <div className="notice keychain-notice" role="status" aria-label="Keychain">
      <p>
        <strong>No keychain: credentials are kept in memory only and re-downloaded each start.</strong>{' '}
        {info.status === 'ready' ? keychainAdvice(info.info.platform) : null}
      </p>
      <button type="button" className="link" aria-label="Dismiss keychain notice" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
