/**
 * Where our own UI lives: `app://latchkey` in Electron, `http://127.0.0.1:<port>` in the browser host.
 * Everything that decides "is this our page?" (IPC sender frames, navigation, WebSocket Origin)
 * goes through here, so the rule is written once and tested with hostile inputs.
 * Electron security checklist §13 (limit navigation) and §17 (validate the sender of all IPC messages).
 */
export interface AppOrigin {
  /** With the colon, as `URL.protocol` spells it: `app:`, `http:`. */
  protocol: string;
  /** Host and port, as `URL.host` spells it: `latchkey`, `127.0.0.1:4123`. */
  host: string;
}

export function serializeOrigin(origin: AppOrigin): string {
  return `${origin.protocol}//${origin.host}`;
}

/** True only for a well-formed URL on exactly our scheme and host, with no credentials in it. */
export function isTrustedAppUrl(raw: unknown, origin: AppOrigin): boolean {
  if (typeof raw !== 'string' || !URL.canParse(raw)) return false;
  const url = new URL(raw);
  // `app://latchkey@evil.example/` parses with host evil.example, but refuse any userinfo outright:
  // it only ever appears in a URL built to mislead.
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === origin.protocol && url.host === origin.host;
}

/**
 * An `Origin` header is a serialized origin (RFC 6454 §6.2), so an exact string comparison is both
 * sufficient and the strictest check; `null` (opaque origins, sandboxed frames) never matches.
 */
export function isTrustedOrigin(header: unknown, origin: AppOrigin): boolean {
  return typeof header === 'string' && header === serializeOrigin(origin);
}
