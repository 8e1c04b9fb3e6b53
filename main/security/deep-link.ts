import { LaunchNonce } from '../../domain/deep-link';
import { Id } from '../../domain/records';

/** The scheme Okta chiclets hand off to (via the sync server's /launch/:id page). */
export const deepLinkScheme = 'latchkey';

/** `nonce`: the chiclet page's one-time nonce, or null when the link carried none. */
export type DeepLink = { kind: 'launch'; accountId: string; nonce: string | null };

/**
 * Parses `latchkey://launch/<accountId>` with at most `?n=<nonce>` (domain/deep-link.ts). Deep
 * links come from any program on the machine, so anything but exactly that shape is ignored
 * rather than half-understood. A well-formed nonce proves nothing here: the server decides
 * whether it is one it issued for this account (main/services/launcher/launch-service.ts).
 */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== `${deepLinkScheme}:` || url.host !== 'launch') return null;
  if (url.username || url.password || url.port || url.hash) return null;
  const match = /^\/([^/]+)$/.exec(url.pathname);
  const accountId = Id.safeParse(match?.[1]);
  if (!accountId.success) return null;
  if (url.search === '') return { kind: 'launch', accountId: accountId.data, nonce: null };
  const keys = [...url.searchParams.keys()];
  const nonce = LaunchNonce.safeParse(url.searchParams.get('n'));
  if (keys.length !== 1 || keys[0] !== 'n' || !nonce.success) return null;
  return { kind: 'launch', accountId: accountId.data, nonce: nonce.data };
}
