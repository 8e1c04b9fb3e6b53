import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// `protocol` is Electron's (no binary here): the stand-in keeps the handler our code registers,
// which takes a standard Request and returns a standard Response.
let handler: ((request: Request) => Promise<Response>) | null = null;
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: () => {},
    handle: (_scheme: string, registered: typeof handler) => {
      handler = registered;
    },
  },
}));

const { serveRenderer } = await import('../../../../main/windows/app-protocol');

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'latchkey-app-protocol-'));
  await mkdir(path.join(folder, 'renderer'));
  await writeFile(path.join(folder, 'renderer', 'index.html'), '<title>Latchkey</title>');
  await writeFile(path.join(folder, 'secret.txt'), 'outside');
  serveRenderer(path.join(folder, 'renderer'), "default-src 'none'");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const get = (url: string) => {
  if (!handler) throw new Error('serveRenderer registered no handler');
  return handler(new Request(url));
};

describe('app:// protocol (Electron)', () => {
  it('serves the renderer with its CSP', async () => {
    const response = await get('app://latchkey/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<title>Latchkey</title>');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  it.each(['app://latchkey/../secret.txt', 'app://latchkey/%2e%2e/secret.txt', 'app://evil/index.html'])(
    'serves nothing for %s',
    async (url) => {
      expect((await get(url)).status).toBe(404);
    },
  );
});
