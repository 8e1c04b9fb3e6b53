/**
 * The `latchkey://` hand-off shared by the server's launch page and the desktop app. Parsing
 * (strict, for links from any program on the machine) lives in main/security/deep-link.ts.
 *
 *   latchkey://launch/<accountId>?n=<nonce>
 *
 * `n` is the one-time nonce the server's chiclet page minted for this account
 * (sync-server/launch/launch-nonces.ts). A link without a valid one still works, but the desktop
 * asks the user before it logs in.
 */
import { z } from 'zod';

export const DEEP_LINK_SCHEME = 'latchkey';

/** 256 random bits, base64url without padding. */
export const LaunchNonce = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export type LaunchNonce = z.infer<typeof LaunchNonce>;

export function deepLinkFor(accountId: string, nonce?: LaunchNonce): string {
  const link = `${DEEP_LINK_SCHEME}://launch/${encodeURIComponent(accountId)}`;
  return nonce === undefined ? link : `${link}?n=${nonce}`;
}
