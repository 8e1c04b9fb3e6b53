/**
 * SecretStore over the OS keychain via `@napi-rs/keyring` (the maintained successor of the
 * archived keytar; macOS Keychain, Windows Credential Manager, Linux Secret Service).
 *
 * Why `AsyncEntry` and not the keytar-compatible `@napi-rs/keyring/keytar` shim: on Linux the
 * shim silently falls back to the kernel keyring (keyutils), which is lost at reboot and would
 * make "remembered" sign-ins vanish. We pin the Secret Service so a missing keychain is reported
 * as such and tokens stay in memory instead (Bitwarden desktop does the same:
 * apps/desktop/src/platform/main/main-secure-storage.service.ts). The option is ignored on
 * macOS and Windows.
 */
import { randomUUID } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { type SecretAccount, type SecretStore, SecretStoreError, unavailableSecretStore } from './secret-store';

export const DEFAULT_KEYCHAIN_SERVICE = 'dev.latchkey.desktop';

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens the keychain and proves it works with a throwaway write/read/delete, because a
 * Secret Service can exist yet be locked or refuse writes; we want to know before the
 * first sign-in, not after. Never throws: an unusable keychain yields an unavailable store.
 */
export async function openKeychainSecretStore(service: string = DEFAULT_KEYCHAIN_SERVICE): Promise<SecretStore> {
  const probeValue = randomUUID();
  try {
    const probe = new AsyncEntry(service, `probe-${probeValue}`, ENTRY_OPTIONS);
    await probe.setPassword(probeValue);
    const readBack = await probe.getPassword();
    await probe.deletePassword();
    if (readBack !== probeValue) {
      return unavailableSecretStore('the OS keychain did not return what was stored in it');
    }
  } catch (error) {
    return unavailableSecretStore(`no usable OS keychain: ${messageOf(error)}`);
  }
  return keychainStore(service);
}

function keychainStore(service: string): SecretStore {
  const entry = (account: SecretAccount) => new AsyncEntry(service, account, ENTRY_OPTIONS);
  return {
    availability: { available: true, backend: `os-keychain:${process.platform}` },
    async get(account) {
      try {
        return { ok: true, value: await entry(account).getPassword() };
      } catch (cause) {
        throw new SecretStoreError('read_failed', account, { cause });
      }
    },
    async set(account, secret) {
      try {
        await entry(account).setPassword(secret);
        return { ok: true, value: undefined };
      } catch (cause) {
        throw new SecretStoreError('write_failed', account, { cause });
      }
    },
    async delete(account) {
      try {
        return { ok: true, value: await entry(account).deletePassword() };
      } catch (cause) {
        throw new SecretStoreError('delete_failed', account, { cause });
      }
    },
  };
}
