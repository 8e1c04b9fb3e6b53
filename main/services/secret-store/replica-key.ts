/**
 * The replica's encryption key: created once per device, kept only in the keychain.
 * Without a keychain there is no key, so callers must not persist encrypted replica
 * fields (docs/architecture.md: the key lives only in the OS keychain).
 */
import { randomBytes } from 'node:crypto';
import type { SecretResult, SecretStore } from './secret-store';

/** 256-bit key, base64url, suitable for AES-256-GCM. */
export async function getOrCreateReplicaKey(store: SecretStore): Promise<SecretResult<string>> {
  const existing = await store.get('replica-encryption-key');
  if (!existing.ok) return existing;
  if (existing.value !== null) return { ok: true, value: existing.value };
  const key = randomBytes(32).toString('base64url');
  const written = await store.set('replica-encryption-key', key);
  if (!written.ok) return written;
  return { ok: true, value: key };
}

/** Part of wiping a device: without its key, whatever is left of the replica on disk stays sealed. */
export async function deleteReplicaKey(store: SecretStore): Promise<SecretResult<boolean>> {
  return store.delete('replica-encryption-key');
}
