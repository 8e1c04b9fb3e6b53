import { Id } from '../../domain/records';

/** The scheme Okta chiclets hand off to (via the sync server's /launch/:id page). */
export const deepLinkScheme = 'latchkey';

export type DeepLink = { kind: 'launch'; accountId: string };

/**
 * Parses `latchkey://launch/<accountId>`. Deep links come from any program on the machine, so
 * anything but exactly that shape is ignored rather than half-understood.
 */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== `${deepLinkScheme}:` || url.host !== 'launch') return null;
  if (url.username || url.password || url.port || url.search || url.hash) return null;
  const match = /^\/([^/]+)$/.exec(url.pathname);
  const accountId = Id.safeParse(match?.[1]);
  return accountId.success ? { kind: 'launch', accountId: accountId.data } : null;
}
