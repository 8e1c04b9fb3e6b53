/**
 * This installation's id, sent as `X-Latchkey-Device` so the sync server's audit trail can say
 * which device made a change or a launch (sync-server/auth/authenticate.ts). Kept in the keychain;
 * without one, a fresh id per run — the audit then sees a new device each start, which is honest.
 * The same when the keychain fails to read or keep it (its daemon gone, a D-Bus timeout): every
 * request to the sync server carries the id, so an error here would stop sync altogether.
 */
import { randomUUID } from 'node:crypto';
import { Id } from '../../../domain/records';
import type { SecretStore } from './secret-store';

export async function getOrCreateDeviceId(store: SecretStore): Promise<string> {
  const existing = await store.get('device-id').catch(() => null);
  if (existing?.ok && existing.value !== null && Id.safeParse(existing.value).success) return existing.value;
  const id = `dev-${randomUUID()}`;
  // Kept only if the keychain is able to: if not, the id serves this run.
  if (existing !== null) await store.set('device-id', id).catch(() => undefined);
  return id;
}
