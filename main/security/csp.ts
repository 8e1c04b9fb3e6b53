/**
 * The Content-Security-Policy both hosts send with the renderer. Nothing inline: scripts and
 * styles only from our own origin, no plugins, no framing, no form posts, no <base> tricks.
 * Electron security checklist §7; CSP Level 3 (https://www.w3.org/TR/CSP3/).
 */
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the browser host's `ws://127.0.0.1:<port>`. */
  connectSrc?: readonly string[];
}

export class CspSourceError extends Error {
  readonly code = 'csp-invalid-source';
  constructor(readonly source: string) {
    super(`Refusing a CSP source that could change the policy: ${JSON.stringify(source)}`);
    this.name = 'CspSourceError';
  }
}

// A source expression is a scheme, a host source or a keyword; none contains whitespace, `;` or `,`
// (which would start a new directive or policy) — so a value carrying one is an injection attempt.
const safeSource = /^(?:'self'|[a-z][a-z0-9+.-]*:(?:\/\/[a-z0-9.[\]:*-]+)?)$/i;

export function buildCsp(options: CspOptions = {}): string {
  const connect = options.connectSrc ?? [];
  for (const source of connect) {
    if (!safeSource.test(source)) throw new CspSourceError(source);
  }
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connect],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
