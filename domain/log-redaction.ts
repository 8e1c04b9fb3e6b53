/**
 * What a log file may hold: the rule for everything the desktop app writes to its log (and for
 * reports a user copies). A log is read by support staff, attached to tickets and kept for weeks,
 * so no secret and no personal address may reach it, whatever a caller passes as context:
 *
 * - a field whose name says it holds a secret (token, password, secret, TOTP seed, key, cookie,
 *   authorization, credential, code verifier…) or an address (email) keeps its name and loses its
 *   value (`code` and `state` stay: here they are error codes and states; the OAuth ones travel in
 *   URLs, handled below);
 * - inside any string: e-mail addresses, bearer tokens, JWTs, and the values of secret-looking URL
 *   parameters (`?code=…`, `#token=…`, `access_token=…`) are replaced;
 * - errors keep their name, message and stack (each scrubbed as a string), nothing attached to them.
 *
 * Pure: the same rule in main, the browser host and the renderer.
 */

export const REDACTED = '[redacted]';

/** Field names whose value is never logged (compared without case, `_` or `-`). */
const SECRET_FIELD =
  /(token|secret|passw|passphrase|totp|otp|seed|apikey|privatekey|cookie|authorization|credential|verifier|signature|replicakey|^key$|^nonce$|email|^mail$)/;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const SECRET_PARAM =
  /([?&#](?:code|token|access_token|id_token|refresh_token|client_secret|password|secret|state|nonce|n|code_verifier|key)=)[^&#\s"']*/gi;

const MAX_DEPTH = 6;
const MAX_STRING = 4000;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name.toLowerCase().replace(/[_-]/g, ''));
}

/** A string with every address, bearer token, JWT and secret URL parameter replaced. */
export function scrubText(text: string): string {
  const cut = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… [${text.length - MAX_STRING} more]` : text;
  return cut
    .replace(JWT, REDACTED)
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_PARAM, (_match, name: string) => `${name}${REDACTED}`)
    .replace(EMAIL, '[email]');
}

/** A copy of `value` that may be written to a log (plain data: objects, arrays, strings, numbers). */
export function redactForLog(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? `[${typeof value}]` : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    // Only what identifies the failure; fields attached to errors (a request, a response body) may hold anything.
    const error: Record<string, unknown> = { name: value.name, message: scrubText(value.message) };
    if (value.stack) error.stack = scrubText(value.stack);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') error.code = code;
    if (value.cause !== undefined) error.cause = redact(value.cause, depth + 1, seen);
    return error;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] =
      isSecretField(name) && field !== null && field !== undefined ? REDACTED : redact(field, depth + 1, seen);
  }
  return out;
}
