import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeFor, resolveAssetPath } from '../security/asset-path';
import type { AppOrigin } from '../security/trusted-url';

// The renderer is served from `app://latchkey/` rather than file://, so it has a real origin that
// CSP `'self'` and the sender checks can name, and it cannot read other local files.
// Electron security checklist §18 (avoid file://) and the `protocol.handle` guide.
export const appOrigin: AppOrigin = { protocol: 'app:', host: 'latchkey' };
const scheme = appOrigin.protocol.slice(0, -1);

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string, csp: string): void {
  protocol.handle(scheme, async (request) => {
    const url = new URL(request.url);
    const filePath = url.host === appOrigin.host ? resolveAssetPath(rendererDir, url.pathname) : null;
    const body = filePath ? await readFile(filePath).catch(() => null) : null;
    if (!filePath || !body) return new Response('Not found', { status: 404 });
    return new Response(body, {
      headers: {
        'Content-Type': contentTypeFor(filePath),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
