/** The browser host's loopback entry for latchkey:// links: token file 0600, token and Host checked. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FORWARDER_FILE,
  forwardLink,
  type LinkForwarder,
  startLinkForwarder,
} from '../../../../../main/services/launcher/link-forwarder';

let dir = '';
let forwarder: LinkForwarder | undefined;
afterEach(async () => {
  await forwarder?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('link forwarder', () => {
  it('forwards a launch link from a process that can read the token file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'latchkey-fwd-'));
    const opened: string[] = [];
    forwarder = await startLinkForwarder({ dataDir: dir, open: (url) => opened.push(url) });
    expect((await stat(path.join(dir, FORWARDER_FILE))).mode & 0o777).toBe(0o600);
    expect(await forwardLink(dir, 'latchkey://launch/acct-1')).toEqual({ ok: true });
    expect(opened).toEqual(['latchkey://launch/acct-1']);
  });

  it('refuses callers without the token, foreign Host headers and links that are not launch links', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'latchkey-fwd-'));
    const opened: string[] = [];
    forwarder = await startLinkForwarder({ dataDir: dir, open: (url) => opened.push(url) });
    const { port, token } = JSON.parse(await readFile(path.join(dir, FORWARDER_FILE), 'utf8')) as {
      port: number;
      token: string;
    };
    const post = (headers: Record<string, string>, url = 'latchkey://launch/acct-1') =>
      fetch(`http://127.0.0.1:${port}/open-link`, { method: 'POST', headers, body: JSON.stringify({ url }) });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${token}` }, 'latchkey://settings/x')).status).toBe(400);
    expect(await forwardLink(dir, 'javascript:alert(1)')).toMatchObject({ ok: false, code: 'refused' });
    expect(opened).toEqual([]);
  });

  it('says the app is not running when there is no forwarder', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'latchkey-fwd-'));
    expect(await forwardLink(dir, 'latchkey://launch/acct-1')).toMatchObject({ ok: false, code: 'not_running' });
  });
});
