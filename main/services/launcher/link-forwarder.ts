/**
 * The browser host's stand-in for the OS protocol dispatch (Electron gets `open-url` and
 * `second-instance`). The OS handler for `latchkey://` runs the tiny CLI in open-link-cli.ts,
 * which forwards the link here over loopback. Only a process that can read the token file
 * (mode 0600, in the app's data folder) may forward: other users and web pages cannot.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseDeepLink } from '../../security/deep-link';

export const FORWARDER_FILE = 'link-forwarder.json';
export const ForwarderFile = z.object({ port: z.number().int().min(1).max(65_535), token: z.string().min(32) });
const Body = z.object({ url: z.string().max(2048) });
const MAX_BODY = 4096;

export interface LinkForwarder {
  port: number;
  close(): Promise<void>;
}

function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export async function startLinkForwarder(opts: {
  dataDir: string;
  open: (url: string) => void;
}): Promise<LinkForwarder> {
  const token = randomBytes(32).toString('base64url');
  let host = '';
  const server = createServer((req, res) => {
    const answer = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    // A foreign Host header means DNS rebinding from a web page; a missing token, anyone else.
    if (req.headers.host !== host) return answer(421, 'misdirected');
    if (req.method !== 'POST' || req.url !== '/open-link') return answer(404, 'not found');
    if (!same(req.headers.authorization ?? '', `Bearer ${token}`)) return answer(401, 'unauthorized');
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
      if (raw.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      let url: string | null = null;
      try {
        const body = Body.safeParse(JSON.parse(raw));
        url = body.success && parseDeepLink(body.data.url) ? body.data.url : null;
      } catch {
        url = null;
      }
      if (url === null) return answer(400, 'not a latchkey://launch/ link');
      opts.open(url);
      return answer(202, 'accepted');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const file = path.join(opts.dataDir, FORWARDER_FILE);
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify({ port, token }), { mode: 0o600 });
  return {
    port,
    async close() {
      await rm(file, { force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the CLI does: read the token file and forward the link. */
export async function forwardLink(
  dataDir: string,
  url: string,
  doFetch: typeof fetch = fetch,
): Promise<{ ok: true } | { ok: false; code: 'not_running' | 'refused'; message: string }> {
  const { readFile } = await import('node:fs/promises');
  let file: z.infer<typeof ForwarderFile>;
  try {
    file = ForwarderFile.parse(JSON.parse(await readFile(path.join(dataDir, FORWARDER_FILE), 'utf8')));
  } catch {
    return {
      ok: false,
      code: 'not_running',
      message: 'Latchkey is not running: start it, then click the app in Okta again.',
    };
  }
  try {
    const res = await doFetch(`http://127.0.0.1:${file.port}/open-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${file.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    if (res.status === 202) return { ok: true };
    return { ok: false, code: 'refused', message: `Latchkey refused the link (${res.status} ${await res.text()}).` };
  } catch {
    return {
      ok: false,
      code: 'not_running',
      message: 'Latchkey is not running: start it, then click the app in Okta again.',
    };
  }
}
