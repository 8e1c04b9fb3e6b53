/**
 * Attack: the login page (or where it redirects) starts a download as soon as it loads, to drop
 * a file on the user's machine from the autofill window. Real Chromium over CDP, as the browser
 * host drives it, against a real HTTP site: the download is refused, no byte reaches the disk.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdpWindowOpener } from '../../main/services/launcher/cdp-driver';

const openWindow = cdpWindowOpener({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
});
let server: Server;
let url = '';
const PAYLOAD = `MZ-not-really-an-installer-${randomBytes(16).toString('hex')}`;

/** Files in the folders where Playwright's Chromium saves downloads that hold this run's payload. */
async function savedPayloads(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of await readdir(tmpdir())) {
    if (!dir.startsWith('playwright-artifacts-')) continue;
    const files = await readdir(path.join(tmpdir(), dir)).catch(() => []);
    for (const file of files) {
      const body = await readFile(path.join(tmpdir(), dir, file), 'utf8').catch(() => '');
      if (body.includes(PAYLOAD)) found.push(file);
    }
  }
  return found;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/payload.exe') {
      return res
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-disposition': 'attachment; filename="update.exe"',
        })
        .end(PAYLOAD);
    }
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!doctype html><title>Sign in</title><a id="get" href="/payload.exe" download>update</a>' +
          '<script>document.getElementById("get").click()</script>',
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await openWindow.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the autofill window refuses downloads', () => {
  it('a download the login page starts by itself is cancelled and never saved', async () => {
    const win = await openWindow();
    try {
      const download = new Promise<Download>((resolve) => win.page.once('download', resolve));
      await win.driver.open(`${url}/login`);
      const started = await download;
      // Accepted, Playwright would report no failure and the file's path once saved.
      expect(await started.failure()).not.toBeNull();
      await expect(started.path()).rejects.toThrow();
      expect(await savedPayloads()).toEqual([]);
    } finally {
      await win.close();
    }
  }, 60_000);
});
