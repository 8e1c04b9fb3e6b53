import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { parseTotpInput } from '../../../domain/totp-input';
import { totpLinkFromQrPixels } from '../../../domain/totp-qr';

const SECRET = 'JBSWY3DPEHPK3PXP';
const LINK = `otpauth://totp/GitHub:ops%40acme.test?secret=${SECRET}&issuer=GitHub`;

/** A QR code as a site shows it: a PNG made by a QR encoder, decoded to RGBA as a canvas would. */
async function qrPixels(text: string, colour = { dark: '#000000ff', light: '#ffffffff' }) {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', scale: 4, margin: 4, color: colour }));
  return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
}

const read = (px: { data: Uint8ClampedArray; width: number; height: number }) =>
  totpLinkFromQrPixels(px.data, px.width, px.height);

describe('a QR image on the TOTP field', () => {
  it('yields the otpauth link, which the field reads like a typed one', async () => {
    const found = read(await qrPixels(LINK));
    expect(found).toEqual({ ok: true, link: LINK });
    expect(found.ok && parseTotpInput(found.link)).toEqual({ ok: true, secret: SECRET });
  });

  it('finds a code drawn light on dark', async () => {
    expect(read(await qrPixels(LINK, { dark: '#ffffffff', light: '#000000ff' }))).toEqual({ ok: true, link: LINK });
  });

  it('passes on a link asking for what Latchkey does not make, to be refused in the same words as typed', async () => {
    const eight = `${LINK}&digits=8`;
    const found = read(await qrPixels(eight));
    expect(found).toEqual({ ok: true, link: eight });
    expect(found.ok && parseTotpInput(found.link)).toEqual({
      ok: false,
      message: 'the link asks for 8 digits; Latchkey supports SHA-1, 6 digits and 30 seconds only',
    });
  });

  it('says so when the QR code holds something else, or there is none', async () => {
    expect(read(await qrPixels('https://example.com/welcome'))).toEqual({
      ok: false,
      message: 'the QR code holds no otpauth://totp/… link (is it the one for authenticator apps?)',
    });
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
    expect(read(blank)).toEqual({ ok: false, message: 'no QR code was found in the image' });
    expect(totpLinkFromQrPixels(new Uint8ClampedArray(10), 64, 64)).toEqual({
      ok: false,
      message: 'the image cannot be read',
    });
  });
});
