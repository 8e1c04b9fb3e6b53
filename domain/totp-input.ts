import { TOTP, URI } from 'otpauth';

/**
 * What the account form's TOTP field accepts: a Base32 secret, or the `otpauth://totp/…` link a
 * site gives under "can't scan the QR code?". Credentials store only the Base32 secret, and every
 * code is made with the authenticator-app defaults (SHA-1, 6 digits, 30 s; RFC 6238), so a link
 * asking for anything else is refused by name rather than stored and later producing wrong codes.
 */
export const TOTP_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

export type TotpInput = { ok: true; secret: string | null } | { ok: false; message: string };

const BASE32 = /^[A-Z2-7]+=*$/;

export function parseTotpInput(raw: string): TotpInput {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, secret: null };
  if (/^otpauth:/i.test(trimmed)) return fromUri(trimmed);
  const secret = trimmed.replace(/\s+/g, '').toUpperCase();
  if (!BASE32.test(secret))
    return { ok: false, message: 'a TOTP secret is Base32 (A–Z, 2–7), or an otpauth://totp/… link' };
  return { ok: true, secret };
}

function fromUri(uri: string): TotpInput {
  if (!/^otpauth:\/\/totp\//i.test(uri)) {
    return /^otpauth:\/\/hotp\//i.test(uri)
      ? { ok: false, message: 'this is a counter-based (HOTP) link; Latchkey makes time-based (TOTP) codes only' }
      : { ok: false, message: 'the link is not an otpauth://totp/… link' };
  }
  let otp: ReturnType<typeof URI.parse>;
  try {
    otp = URI.parse(uri);
  } catch {
    return { ok: false, message: 'the otpauth:// link cannot be read (is it complete, with a secret?)' };
  }
  if (!(otp instanceof TOTP)) return { ok: false, message: 'the link is not an otpauth://totp/… link' };
  const unsupported: string[] = [];
  if (otp.algorithm !== TOTP_DEFAULTS.algorithm) unsupported.push(`algorithm ${otp.algorithm}`);
  if (otp.digits !== TOTP_DEFAULTS.digits) unsupported.push(`${otp.digits} digits`);
  if (otp.period !== TOTP_DEFAULTS.period) unsupported.push(`a ${otp.period}-second period`);
  if (unsupported.length > 0) {
    return {
      ok: false,
      message: `the link asks for ${unsupported.join(', ')}; Latchkey supports SHA-1, 6 digits and 30 seconds only`,
    };
  }
  const secret = otp.secret.base32;
  if (secret === '') return { ok: false, message: 'the otpauth:// link has no secret' };
  return { ok: true, secret };
}
