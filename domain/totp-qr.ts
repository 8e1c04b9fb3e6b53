import jsQR from 'jsqr';

/**
 * A QR code pasted or dropped on the account form's TOTP field: the picture a site shows for
 * authenticator apps holds an `otpauth://totp/…` link, the same link the field takes as text. The
 * decoded link goes into the field and is read by `parseTotpInput` like a typed one (one rule), so
 * a QR asking for 8 digits is refused with the same words. Pixels are RGBA, row by row (what a
 * canvas's ImageData holds); jsQR also finds a code drawn light on dark.
 */
export type TotpQr = { ok: true; link: string } | { ok: false; message: string };

export function totpLinkFromQrPixels(rgba: Uint8ClampedArray, width: number, height: number): TotpQr {
  if (width <= 0 || height <= 0 || rgba.length !== width * height * 4) {
    return { ok: false, message: 'the image cannot be read' };
  }
  const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' });
  if (code === null) return { ok: false, message: 'no QR code was found in the image' };
  const link = code.data.trim();
  if (!/^otpauth:\/\//i.test(link)) {
    return { ok: false, message: 'the QR code holds no otpauth://totp/… link (is it the one for authenticator apps?)' };
  }
  return { ok: true, link };
}
