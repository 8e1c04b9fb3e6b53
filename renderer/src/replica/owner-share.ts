/**
 * The creator's Owner share, made locally so a new account or collection is usable at once,
 * offline included. The server makes the same share itself when it accepts the creation
 * (sync-server/replication/push.ts `ownerShareId`, "the creator owns what they create"), with
 * this same deterministic id — so the replica never pushes it (`isLocalOwnerShare`), and the
 * server's copy replaces it on the next pull instead of a duplicate appearing.
 */
import { arrayBufferToBase64 } from 'rxdb';
import type { Share } from '../../../domain/records';

export const OWNER_SHARE_PREFIX = 'own-';

export async function ownerShareId(itemType: Share['itemType'], itemId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${itemType}:${itemId}`));
  const base64url = arrayBufferToBase64(digest).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `${OWNER_SHARE_PREFIX}${base64url.slice(0, 32)}`;
}

/** A live creator share is the server's to write; only its removal is the user's to push. */
export function isLocalOwnerShare(doc: { id: string; _deleted?: boolean }): boolean {
  return doc.id.startsWith(OWNER_SHARE_PREFIX) && doc._deleted !== true;
}
