/**
 * What to install or start so Latchkey finds an OS keychain, per platform (the host's: main talks
 * to the keychain), and whether the person already dismissed the notice on this device. The
 * dismissal is UI state in localStorage under `latchkey.` (holds nothing secret; signing out
 * wipes it with the app's other local data, so the next person sees the advice again).
 */
export const KEYCHAIN_NOTICE_DISMISSED_KEY = 'latchkey.keychainNoticeDismissed';

export function keychainAdvice(platform: string): string {
  switch (platform) {
    case 'linux':
      return (
        'To keep them, install and start a Secret Service keyring — GNOME Keyring (package gnome-keyring) ' +
        'or KWallet (kwalletmanager, with its Secret Service integration on) — then log out of your ' +
        'desktop session, log in again and restart Latchkey.'
      );
    case 'darwin':
      return (
        'To keep them, open Keychain Access (Applications → Utilities) and check that your login keychain ' +
        'exists and is unlocked, then restart Latchkey.'
      );
    case 'win32':
      return (
        'To keep them, open Credential Manager (Control Panel → User Accounts → Credential Manager) and check ' +
        'that Windows Credentials opens for your account (a temporary profile has none), then restart Latchkey.'
      );
    default:
      return 'To keep them, set up your system’s keychain, then restart Latchkey.';
  }
}

export function keychainNoticeDismissed(storage: Pick<Storage, 'getItem'>): boolean {
  return storage.getItem(KEYCHAIN_NOTICE_DISMISSED_KEY) === 'yes';
}

export function dismissKeychainNotice(storage: Pick<Storage, 'setItem'>): void {
  storage.setItem(KEYCHAIN_NOTICE_DISMISSED_KEY, 'yes');
}
