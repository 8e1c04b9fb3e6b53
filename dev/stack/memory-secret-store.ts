import type { SecretAccount, SecretStore } from '../../main/services/secret-store/secret-store';

/**
 * The OS keychain's stand-in where only "available and isolated" matters (the demo's screenshots,
 * launch tests and benches): a map that lives as long as the run. The keychain itself is tested on
 * a private gnome-keyring (dev/stack/private-keyring.ts).
 */
export function memorySecretStore(purpose: string): SecretStore {
  const entries = new Map<SecretAccount, string>();
  return {
    availability: { available: true, backend: `memory (${purpose})` },
    get: async (account) => ({ ok: true, value: entries.get(account) ?? null }),
    set: async (account, secret) => {
      entries.set(account, secret);
      return { ok: true, value: undefined };
    },
    delete: async (account) => ({ ok: true, value: entries.delete(account) }),
  };
}
