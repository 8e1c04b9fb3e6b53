/**
 * The `latchkey://` hand-off shared by the server's launch page and the desktop app. Parsing
 * (strict, for links from any program on the machine) lives in main/security/deep-link.ts.
 */
export const DEEP_LINK_SCHEME = 'latchkey';

export function deepLinkFor(accountId: string): string {
  return `${DEEP_LINK_SCHEME}://launch/${encodeURIComponent(accountId)}`;
}
