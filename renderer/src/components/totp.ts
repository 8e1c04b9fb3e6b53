/** The current TOTP code (RFC 6238: SHA-1, 6 digits, 30 s steps — what authenticator apps use). */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;

export function totpAt(base32Secret: string, nowMs: number): { code: string; secondsLeft: number } | null {
  try {
    const totp = new TOTP({
      secret: Secret.fromBase32(base32Secret.replace(/=+$/, '')),
      period: TOTP_PERIOD,
      digits: 6,
    });
    const code = totp.generate({ timestamp: nowMs });
    const secondsLeft = TOTP_PERIOD - (Math.floor(nowMs / 1000) % TOTP_PERIOD);
    return { code, secondsLeft };
  } catch {
    return null;
  }
}
