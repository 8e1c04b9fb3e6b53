/**
 * Who was signed in, kept beside the refresh token so the app can open and work fully offline.
 * It holds the ID token's public claims only — subject, name, email — never a
 * token: the renderer may see it, so it must carry nothing that grants access.
 */
import { z } from 'zod';
import type { SecretStore } from '../secret-store/secret-store';
import type { Identity } from './token-set';

const PROFILE_ACCOUNT = 'oidc-profile';

const RememberedProfile = z.object({
  subject: z.string().min(1).max(256),
  email: z.string().max(320).nullable(),
  name: z.string().max(256).nullable(),
});

/** The stored profile, or null when there is none, it cannot be read, or it is not ours. */
export async function readProfile(store: SecretStore): Promise<Identity | null> {
  if (!store.availability.available) return null;
  const stored = await store.get(PROFILE_ACCOUNT);
  if (!stored.ok || stored.value === null) return null;
  try {
    const parsed = RememberedProfile.safeParse(JSON.parse(stored.value));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: written by something else under our service name. Treated as absent, never trusted.
    return null;
  }
}

export async function writeProfile(store: SecretStore, identity: Identity): Promise<void> {
  if (!store.availability.available) return;
  const profile = RememberedProfile.parse(identity);
  await store.set(PROFILE_ACCOUNT, JSON.stringify(profile));
}

export async function deleteProfile(store: SecretStore): Promise<void> {
  if (!store.availability.available) return;
  await store.delete(PROFILE_ACCOUNT);
}
