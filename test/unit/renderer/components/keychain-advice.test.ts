import { describe, expect, it } from 'vitest';
import {
  dismissKeychainNotice,
  KEYCHAIN_NOTICE_DISMISSED_KEY,
  keychainAdvice,
  keychainNoticeDismissed,
} from '../../../../renderer/src/components/keychain-advice';
import { LOCAL_STORAGE_PREFIX } from '../../../../renderer/src/replica/wipe-local-data';

describe('the no-keychain advice', () => {
  it('names what to install or start on each OS', () => {
    expect(keychainAdvice('linux')).toMatch(/Secret Service keyring .*gnome-keyring.*KWallet.*log in again/);
    expect(keychainAdvice('darwin')).toMatch(/Keychain Access.*login keychain/);
    expect(keychainAdvice('win32')).toMatch(/Credential Manager/);
    expect(keychainAdvice('freebsd')).toBe('To keep them, set up your system’s keychain, then restart Latchkey.');
  });

  it('is remembered once dismissed, in a key sign-out wipes', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(keychainNoticeDismissed(storage)).toBe(false);
    dismissKeychainNotice(storage);
    expect(keychainNoticeDismissed(storage)).toBe(true);
    expect(KEYCHAIN_NOTICE_DISMISSED_KEY.startsWith(LOCAL_STORAGE_PREFIX)).toBe(true);
  });
});
