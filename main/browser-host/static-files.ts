import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor, resolveAssetPath } from '../security/asset-path';

export interface StaticFilesOptions {
  rendererDir: string;
  /** Read per response: the browser host learns its port (part of the policy) only after listening. */
  csp: () => string;
}

/** Serves the built renderer read-only, with the same strict CSP Electron applies. */
export function createStaticHandler(options: StaticFilesOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const filePath = resolveAssetPath(options.rendererDir, pathname);
    const body = filePath ? await readFile(filePath).catch(() => null) : null;
    if (!filePath || !body) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentTypeFor(filePath),
      'Content-Security-Policy': options.csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
