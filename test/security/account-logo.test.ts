/**
 * Account logos through the real sync API: only an account's Owners set one, only people who
 * see the account read it, and what is stored (and later shown to every member and uploaded to
 * Okta) is never what was sent — a PNG is re-encoded, an SVG rebuilt from an allow-list, so
 * oversized files, decompression bombs, files that lie about their type and SVGs that carry
 * script or fetch anything are refused or defused.
 */
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { pngLogo, SVG_LOGO, upload } from '../support/logo-images';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => world?.close());

const LOGO = '/api/v1/accounts/acct-shared/logo';
const stored = async () =>
  (
    await world.server.db.query<{ media_type: string; bytes: Uint8Array }>(
      `select media_type, bytes from account_logos where account_id = 'acct-shared'`,
    )
  )[0];

describe('who may set and read a logo', () => {
  it('refuses a collaborator, a Login-only member and a stranger, and stores nothing', async () => {
    for (const [person, code] of [
      ['bob', 'not_item_owner'],
      ['lou', 'login_only'],
      ['cy', 'no_item_role'],
    ] as const) {
      const res = await world.api(person, 'PUT', LOGO, upload('image/png', pngLogo()));
      expect(res.status, person).toBe(403);
      expect(res.body.error.code, person).toBe(code);
    }
    expect(await stored()).toBeUndefined();
  });

  it('lets the Owner set one that members read and a stranger cannot, not even its existence', async () => {
    expect((await world.api('ada', 'PUT', LOGO, upload('image/png', pngLogo()))).status).toBe(200);
    expect((await world.api('bob', 'GET', LOGO)).status).toBe(200);
    // A stranger gets the same refusal for an account with a logo and one without.
    const withLogo = await world.api('cy', 'GET', LOGO);
    const without = await world.api('cy', 'GET', '/api/v1/accounts/acct-private/logo');
    expect(withLogo.status).toBe(403);
    expect(withLogo.body).toEqual(without.body);
    expect((await world.api('cy', 'GET', '/api/v1/accounts/acct-never-existed/logo')).status).toBe(403);
    expect((await world.api('cy', 'GET', '/api/v1/accounts/logos')).body).toEqual({ logos: [] });
    expect((await world.api('bob', 'DELETE', LOGO)).status).toBe(403);
  });
});

describe('what is accepted', () => {
  it('refuses a file over 100 KB, before and after decoding', async () => {
    const big = Buffer.alloc(100 * 1024 + 1, 0x41);
    const res = await world.api('ada', 'PUT', LOGO, upload('image/png', big));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('logo_too_large');
    // A PNG signature followed by padding: under the base64 limit only if it is not over 100 KB.
    const padded = Buffer.concat([pngLogo(), Buffer.alloc(100 * 1024)]);
    expect((await world.api('ada', 'PUT', LOGO, upload('image/png', padded))).status).toBe(413);
  });

  it('refuses a small PNG that declares a huge picture (decompression bomb) without inflating it', async () => {
    const bomb = pngLogo(8);
    bomb.writeUInt32BE(60_000, 16); // IHDR width
    bomb.writeUInt32BE(60_000, 20); // IHDR height
    const res = await world.api('ada', 'PUT', LOGO, upload('image/png', bomb));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('60000 x 60000 pixels');
  });

  it('refuses files whose content is not the type they claim, and other types', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const html = '<html><script>alert(1)</script></html>';
    for (const [mediaType, bytes] of [
      ['image/png', gif],
      ['image/png', Buffer.from(SVG_LOGO)],
      ['image/svg+xml', pngLogo()],
      ['image/svg+xml', Buffer.from(html)],
    ] as const) {
      const res = await world.api('ada', 'PUT', LOGO, upload(mediaType, bytes));
      expect(res.status, `${mediaType} ${bytes.subarray(0, 6).toString('latin1')}`).toBe(415);
      expect(res.body.error.code).toBe('logo_unsupported_type');
    }
    const gifDeclared = await world.api('ada', 'PUT', LOGO, upload('image/gif', gif));
    expect(gifDeclared.status).toBe(400);
    const damaged = Buffer.concat([pngLogo().subarray(0, 40)]);
    expect((await world.api('ada', 'PUT', LOGO, upload('image/png', damaged))).body.error.code).toBe('logo_invalid');
  });

  it('keeps only pixels of a PNG: a text chunk is dropped, data after the image is refused', async () => {
    const png = pngLogo(4);
    // A tEXt chunk before IEND carrying markup.
    const iend = png.length - 12;
    const text = Buffer.from('Comment\0<script>alert(1)</script>', 'latin1');
    const chunk = Buffer.alloc(12 + text.length);
    chunk.writeUInt32BE(text.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    text.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + text.length)), 8 + text.length);
    const withText = Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
    expect((await world.api('ada', 'PUT', LOGO, upload('image/png', withText))).status).toBe(200);
    const kept = Buffer.from((await stored())?.bytes ?? []);
    expect(kept.toString('latin1')).not.toContain('script');
    expect(PNG.sync.read(kept)).toMatchObject({ width: 4, height: 4 });
    // A PNG/HTML polyglot (markup after IEND) is no PNG.
    const polyglot = Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')]);
    const res = await world.api('ada', 'PUT', LOGO, upload('image/png', polyglot));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('logo_invalid');
  });

  it('defuses an SVG with script, handlers, links, styles, foreign content and external references', async () => {
    const evil = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <style>circle { fill: url(https://evil.example/track) }</style>
  <a href="javascript:alert(1)"><circle cx="5" cy="5" r="4"/></a>
  <image href="https://evil.example/pixel.png" width="10" height="10"/>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject>
  <rect width="10" height="10" fill="url(https://evil.example/x)" style="fill:red" onclick="alert(2)"/>
  <rect width="5" height="5" fill="url(#ok)" stroke="javascript:alert(3)"/>
  <animate attributeName="href" to="javascript:alert(4)"/>
  <path d="M0 0L10 10" fill="#123456"/>
</svg>`;
    const res = await world.api('ada', 'PUT', LOGO, upload('image/svg+xml', evil));
    expect(res.status).toBe(200);
    const kept = Buffer.from((await stored())?.bytes ?? []).toString('utf8');
    for (const bad of [
      'script',
      'onload',
      'onclick',
      'style',
      'href',
      'javascript',
      'evil.example',
      'foreignObject',
      'image',
      'use',
      'animate',
      '<a',
    ]) {
      expect(kept, bad).not.toContain(bad);
    }
    expect(kept).toContain('<path d="M0 0L10 10" fill="#123456"/>');
    expect(kept).toContain('fill="url(#ok)"');
    expect(kept.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    // What members read back is the rebuilt image, not the upload.
    const read = await world.api('bob', 'GET', LOGO);
    expect(Buffer.from(read.body.data, 'base64').toString('utf8')).toBe(kept);
  });

  it('refuses an SVG with a DOCTYPE (entity expansion, external entities) and one that is not well-formed', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><title>&x;</title></svg>`;
    for (const svg of [laughs, xxe, '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>']) {
      const res = await world.api('ada', 'PUT', LOGO, upload('image/svg+xml', svg));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('logo_invalid');
    }
  });
});
