/**
 * Turns an uploaded logo into bytes the server may keep, hand to other members and upload to
 * Okta: never the bytes it was sent.
 *
 * - PNG: the header is read first (a 100 KB file can declare a picture of gigabytes: refused
 *   above 1024 x 1024 before anything is inflated), then decoded and encoded again by `pngjs`,
 *   so only pixels survive: no text chunks, no trailing data, no polyglot.
 * - SVG: parsed as XML by `@xmldom/xmldom` (any parse warning refuses it; a DOCTYPE — entities,
 *   external references — is refused before parsing) and written out again from an allow-list of
 *   shape, paint and gradient elements and attributes. Scripts, event handlers, `style`,
 *   `foreignObject`, links, `<image>`, `<use>` and any URL other than a local `url(#id)` are
 *   dropped, so the result can neither run code nor fetch anything when shown. DOMPurify would
 *   need a browser DOM (jsdom) on the server for the same allow-list; this keeps it to a parser.
 */
import { createHash } from 'node:crypto';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { PNG } from 'pngjs';
import { type LogoMediaType, MAX_LOGO_BYTES, sniffLogo } from '../../domain/account-logo';
import type { LOGO_REFUSALS } from '../../domain/wire/api/errors';

/** A chiclet is shown at most at 200 x 200 px; 1024 leaves room for sharp scaling. */
export const MAX_LOGO_PIXELS_PER_SIDE = 1024;

export type LogoRefusal = (typeof LOGO_REFUSALS)[number];

export class LogoRejected extends Error {
  override name = 'LogoRejected';
  constructor(
    readonly code: LogoRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface CleanLogo {
  mediaType: LogoMediaType;
  bytes: Buffer;
  /** SHA-256 (hex) of `bytes`. */
  digest: string;
}

const TOO_LARGE = `The logo is larger than ${MAX_LOGO_BYTES / 1024} KB. Use a smaller PNG or SVG (200 x 200 px is enough).`;

export function cleanLogo(declared: LogoMediaType, input: Buffer): CleanLogo {
  if (input.length === 0) throw new LogoRejected('logo_invalid', 'The logo is empty.');
  if (input.length > MAX_LOGO_BYTES) throw new LogoRejected('logo_too_large', TOO_LARGE);
  const actual = sniffLogo(input);
  if (actual === null || actual !== declared) {
    throw new LogoRejected(
      'logo_unsupported_type',
      `The file is not ${declared === 'image/png' ? 'a PNG' : 'an SVG'} image. A logo must be a PNG or an SVG.`,
    );
  }
  const bytes = actual === 'image/png' ? reencodePng(input) : Buffer.from(sanitizeSvg(input), 'utf8');
  if (bytes.length > MAX_LOGO_BYTES) throw new LogoRejected('logo_too_large', TOO_LARGE);
  return { mediaType: actual, bytes, digest: createHash('sha256').update(bytes).digest('hex') };
}

function reencodePng(input: Buffer): Buffer {
  // IHDR is the first chunk: length(4) type(4) width(4) height(4) at offset 8.
  if (input.length < 33 || input.toString('latin1', 12, 16) !== 'IHDR') {
    throw new LogoRejected('logo_invalid', 'The PNG image is damaged (no header).');
  }
  const width = input.readUInt32BE(16);
  const height = input.readUInt32BE(20);
  if (width === 0 || height === 0 || width > MAX_LOGO_PIXELS_PER_SIDE || height > MAX_LOGO_PIXELS_PER_SIDE) {
    throw new LogoRejected(
      'logo_too_large',
      `The logo is ${width} x ${height} pixels; at most ${MAX_LOGO_PIXELS_PER_SIDE} x ${MAX_LOGO_PIXELS_PER_SIDE} is accepted.`,
    );
  }
  try {
    const png = PNG.sync.read(input);
    return PNG.sync.write(png, { deflateLevel: 9, colorType: 6 });
  } catch {
    throw new LogoRejected('logo_invalid', 'The PNG image is damaged and could not be read.');
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elements kept (everything else is dropped with its content). */
const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
]);

/** Attributes kept on any kept element (no `style`, no `href`, no event handler). */
const ATTRIBUTES = new Set([
  'id',
  'viewBox',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'd',
  'points',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'opacity',
  'clip-path',
  'clip-rule',
  'clipPathUnits',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'preserveAspectRatio',
]);

/** Only paint references inside the document: `url(#id)`; any other `url(` or scheme is refused. */
function safeValue(value: string): boolean {
  if (value.length > 20_000) return false;
  const withoutLocalRefs = value.replace(/url\(\s*#[A-Za-z][\w.-]*\s*\)/g, '');
  return !/url\s*\(|[a-z][a-z0-9+.-]*\s*:|&|<|expression\s*\(/i.test(withoutLocalRefs);
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function sanitizeSvg(input: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input).replace(/^\uFEFF/, '');
  } catch {
    // Okta accepts SVG only as UTF-8 (Apps API, Upload an application logo).
    throw new LogoRejected('logo_invalid', 'The SVG image must be UTF-8 text.');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new LogoRejected('logo_invalid', 'The SVG image declares a DOCTYPE or entities, which a logo never needs.');
  }
  let root: Element | null;
  try {
    const doc = new DOMParser({
      onError: (_level, message) => {
        throw new Error(message);
      },
    }).parseFromString(text, 'image/svg+xml');
    root = doc.documentElement;
  } catch {
    throw new LogoRejected('logo_invalid', 'The SVG image is not well-formed XML.');
  }
  if (root === null || root.localName !== 'svg' || root.namespaceURI !== SVG_NS) {
    throw new LogoRejected('logo_invalid', 'The file is not an SVG image (no <svg> root in the SVG namespace).');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${rebuild(root, true)}`;
}

function rebuild(el: Element, isRoot: boolean): string {
  const name = el.localName ?? '';
  if (el.namespaceURI !== SVG_NS || !ELEMENTS.has(name)) return '';
  const attrs: string[] = isRoot ? [`xmlns="${SVG_NS}"`] : [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a === null || a.namespaceURI !== null || !ATTRIBUTES.has(a.localName ?? '')) continue;
    if (!safeValue(a.value)) continue;
    attrs.push(`${a.localName}="${escapeXml(a.value)}"`);
  }
  let body = '';
  for (let child: Node | null = el.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) body += rebuild(child as Element, false);
    else if ((name === 'title' || name === 'desc') && child.nodeType === child.TEXT_NODE) {
      body += escapeXml(child.nodeValue ?? '');
    }
  }
  const open = [name, ...attrs].join(' ');
  return body === '' ? `<${open}/>` : `<${open}>${body}</${name}>`;
}
