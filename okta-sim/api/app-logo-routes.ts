import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppLogoType } from '../state/records';
import { type ApiContext, IdParam } from './context';
import { oktaErrors } from './errors';

/** "The file must be in PNG, JPG, SVG, or GIF format, and less than one MB in size." */
const MAX_LOGO_BYTES = 1024 * 1024 - 1;
const FORMAT_CAUSE = 'file: The file must be in PNG, JPG, SVG, or GIF format, and less than one MB in size.';

/** The format by content (Okta does not trust the part's declared type either). */
function sniff(bytes: Buffer): AppLogoType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a')
    return 'image/gif';
  // "Only SVG files encoded in UTF-8 are supported."
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (/^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) return 'image/svg+xml';
  } catch {
    return null;
  }
  return null;
}

/**
 * "Upload an application logo" (`POST /api/v1/apps/{appId}/logo`, operation
 * `uploadApplicationLogo`): multipart/form-data with the image in the field `file`; answers
 * 201 with no body. The app's `_links.logo` then points at the uploaded image, served without
 * authentication like Okta's static file host (`GET /fs/bco/1/{appId}-{version}.{ext}`).
 */
export function registerAppLogoRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const { actions } = ctx;
  api.register(multipart, { limits: { fileSize: MAX_LOGO_BYTES, files: 1, fields: 0, parts: 1 } });

  api.post('/apps/:id/logo', async (req, reply) => {
    const app = actions.app(IdParam.parse(req.params).id);
    if (!req.isMultipart()) throw oktaErrors.validation('file', ['file: Send the logo as multipart/form-data.']);
    const part = await req.file();
    if (part === undefined || part.fieldname !== 'file') {
      throw oktaErrors.validation('file', ['file: The field file is required.']);
    }
    const bytes = await part.toBuffer().catch(() => null);
    if (bytes === null || part.file.truncated) throw oktaErrors.validation('file', [FORMAT_CAUSE]);
    const mediaType = sniff(bytes);
    if (mediaType === null || bytes.length === 0) throw oktaErrors.validation('file', [FORMAT_CAUSE]);
    app.logo = { mediaType, bytes, version: (app.logo?.version ?? 0) + 1 };
    actions.directory.touchApp(app);
    return reply.code(201).send();
  });
}

/** The uploaded logos, public (Okta serves them from its static host, without a token). */
export function registerLogoFiles(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/fs/bco/1/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    const m = /^([A-Za-z0-9]+)-(\d+)\.(png|jpg|svg|gif)$/.exec(file);
    const found = m ? ctx.actions.directory.apps.get(m[1] ?? '') : undefined;
    if (!m || !found?.logo || String(found.logo.version) !== m[2]) return reply.code(404).send();
    return (
      reply
        .header('content-type', found.logo.mediaType)
        .header('x-content-type-options', 'nosniff')
        // An SVG opened on its own must not run anything.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(found.logo.bytes)
    );
  });
}
