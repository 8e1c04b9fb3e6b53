import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { parseTotpInput } from '../../../domain/totp-input';

const SECRET = 'JBSWY3DPEHPK3PXP';

describe('parseTotpInput', () => {
  it('takes the Base32 secret out of the otpauth:// link sites give instead of a QR code', () => {
    expect(parseTotpInput(`otpauth://totp/ACME:ada%40acme.test?secret=${SECRET}&issuer=ACME`)).toEqual({
      ok: true,
      secret: SECRET,
    });
  });

  it('accepts a link that spells out the defaults, and one with surrounding spaces', () => {
    expect(parseTotpInput(`  otpauth://totp/ACME:ada?secret=${SECRET}&algorithm=SHA1&digits=6&period=30  `)).toEqual({
      ok: true,
      secret: SECRET,
    });
  });

  it('keeps the secret a link carries exactly: codes from it match the ones the site expects', () => {
    const link = `otpauth://totp/ACME:ada?secret=${SECRET}&issuer=ACME`;
    const parsed = parseTotpInput(link);
    if (!parsed.ok || parsed.secret === null) throw new Error('expected a secret');
    const now = Date.UTC(2026, 0, 1);
    const fromSite = new TOTP({ secret: SECRET }).generate({ timestamp: now });
    expect(new TOTP({ secret: parsed.secret }).generate({ timestamp: now })).toBe(fromSite);
  });

  it('refuses a link asking for other digits, period or algorithm, naming each', () => {
    const result = parseTotpInput(`otpauth://totp/x?secret=${SECRET}&digits=8&algorithm=SHA256&period=60`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('algorithm SHA256');
    expect(result.message).toContain('8 digits');
    expect(result.message).toContain('60-second period');
    expect(result.message).toContain('SHA-1, 6 digits and 30 seconds only');
  });

  it('refuses counter-based (HOTP) links and links without a secret', () => {
    expect(parseTotpInput(`otpauth://hotp/x?secret=${SECRET}&counter=1`)).toMatchObject({
      ok: false,
      message: expect.stringContaining('HOTP'),
    });
    expect(parseTotpInput('otpauth://totp/x?issuer=ACME')).toMatchObject({ ok: false });
    expect(parseTotpInput('otpauth://totp/x?secret=not-base32!')).toMatchObject({ ok: false });
  });

  it('still takes a plain secret, in any case and with spaces, and empty means no MFA', () => {
    expect(parseTotpInput('jbsw y3dp ehpk 3pxp')).toEqual({ ok: true, secret: SECRET });
    expect(parseTotpInput('   ')).toEqual({ ok: true, secret: null });
    expect(parseTotpInput('abc1')).toMatchObject({ ok: false, message: expect.stringContaining('Base32') });
  });
});
