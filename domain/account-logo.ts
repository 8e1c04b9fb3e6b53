/**
 * An account's logo, shown beside it in the desktop's accounts list and uploaded to its Okta app
 * (the chiclet's icon). The rules every side shares: which images, how large, and the wire
 * shapes of `PUT/GET /api/v1/accounts/:id/logo` and `GET /api/v1/accounts/logos`.
 *
 * The image travels as base64 inside JSON because the desktop reaches the server through its
 * JSON API passthrough; the limit applies to the decoded bytes. The server never stores what it
 * was sent: a PNG is decoded and encoded again, an SVG parsed and rebuilt from an allow-list
 * (sync-server/accounts/logo-image.ts), so what Okta and other members receive is only pixels
 * or plain shapes.
 */
import { z } from 'zod';

/** 100 KB: the chiclet is shown at most at 200 x 200 px (Okta's own advice for app logos). */
export const MAX_LOGO_BYTES = 100 * 1024;

export const LOGO_MEDIA_TYPES = ['image/png', 'image/svg+xml'] as const;
export const LogoMediaType = z.enum(LOGO_MEDIA_TYPES);
export type LogoMediaType = z.infer<typeof LogoMediaType>;

/** Base64 of at most MAX_LOGO_BYTES bytes. */
const Base64Logo = z
  .string()
  .max(Math.ceil(MAX_LOGO_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the image must be base64');

export const LogoUpload = z.strictObject({ mediaType: LogoMediaType, data: Base64Logo });
export type LogoUpload = z.infer<typeof LogoUpload>;

/** A stored logo: what the server re-encoded, and the SHA-256 (hex) of those bytes. */
export const LogoAnswer = z.object({
  accountId: z.string(),
  mediaType: LogoMediaType,
  data: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type LogoAnswer = z.infer<typeof LogoAnswer>;

/** Which visible accounts have a logo, and which version: the list fetches only what changed. */
export const LogoIndex = z.object({
  logos: z.array(z.object({ accountId: z.string(), digest: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type LogoIndex = z.infer<typeof LogoIndex>;

/** PNG's 8-byte signature (PNG specification, 5.2). */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the bytes are, by content, whatever the sender called them. */
export function sniffLogo(bytes: Uint8Array): LogoMediaType | null {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '');
  // An XML declaration, comments and a DOCTYPE may come first (the sanitizer then refuses a DOCTYPE).
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(head))
    return 'image/svg+xml';
  return null;
}
