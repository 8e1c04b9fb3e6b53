/**
 * `shell.openExternal` hands a URL to the OS, which opens whatever program claims its scheme
 * (`file:`, `smb:`, custom handlers) — Electron security checklist §15. Latchkey only ever opens
 * Okta's sign-in and sign-out pages in the system browser, so only `https:` (and plain `http:` to
 * this machine, the demo's Okta simulator) gets through; the rule is domain/secure-url.ts's.
 */
import { isSecureOrLoopback } from '../../domain/secure-url';

export type OpenExternal = (url: string) => Promise<void>;

export class ExternalUrlRefused extends Error {
  override readonly name = 'ExternalUrlRefused';
  readonly code = 'external_url_refused';
}

export function guardOpenExternal(open: OpenExternal): OpenExternal {
  return async (url) => {
    if (!isSecureOrLoopback(url)) {
      const scheme = URL.canParse(url) ? new URL(url).protocol : 'not a URL';
      throw new ExternalUrlRefused(`Refused to open a ${scheme} link outside the app: only https pages are opened.`);
    }
    await open(url);
  };
}
