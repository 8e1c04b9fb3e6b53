import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocolPrefix, WireServerFrame, wireProtocol } from '../../../../domain/ipc-wire';
import { type BrowserHost, startBrowserHost } from '../../../../main/browser-host/start-browser-host';
import { createAppInfoService } from '../../../../main/services/app-info';

let folder: string;
let host: BrowserHost;
let token: string;
let socketUrl: string;
let origin: string;
let linkUses: number;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'latchkey-host-'));
  const rendererDir = path.join(folder, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Latchkey</title>');
  await writeFile(path.join(folder, 'secret.txt'), 'outside the renderer');
  linkUses = 0;
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    services: { appInfo: createAppInfoService('browser', 'linux') },
    log: () => {},
    onLinkUsed: () => {
      linkUses += 1;
    },
  });
  const url = new URL(host.url);
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  origin = url.origin;
  socketUrl = `ws://${url.host}/ipc`;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await host.close();
  await rm(folder, { recursive: true, force: true });
});

function connect(protocols: string[], headers: Record<string, string> = { Origin: origin }): WebSocket {
  const socket = new WebSocket(socketUrl, protocols, { headers });
  sockets.push(socket);
  return socket;
}

/** Resolves with the HTTP status of a refused upgrade, or 101 once the socket opens. */
function upgradeStatus(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

function nextFrame(socket: WebSocket): Promise<WireServerFrame> {
  return new Promise((resolve) =>
    socket.once('message', (data) => resolve(WireServerFrame.parse(JSON.parse(String(data))))),
  );
}

/** Connects with `withToken` and returns the socket with the token it was handed for next time. */
async function openWith(withToken: string): Promise<{ socket: WebSocket; next: string }> {
  const socket = connect([wireProtocol, `${tokenProtocolPrefix}${withToken}`]);
  const first = nextFrame(socket);
  expect(await upgradeStatus(socket)).toBe(101);
  const ticket = await first;
  if (ticket.kind !== 'ticket') throw new Error(`the first frame was ${ticket.kind}, not the next token`);
  return { socket, next: ticket.token };
}

async function openSocket(): Promise<WebSocket> {
  return (await openWith(token)).socket;
}

async function call(socket: WebSocket, frame: unknown): Promise<WireServerFrame> {
  const reply = nextFrame(socket);
  socket.send(JSON.stringify(frame));
  return reply;
}

describe('browser host WebSocket', () => {
  it('answers app:info for the window holding the launch token', async () => {
    const socket = await openSocket();
    expect(socket.protocol).toBe(wireProtocol);
    expect(await call(socket, { id: 1, channel: 'app:info' })).toEqual({
      kind: 'response',
      id: 1,
      result: { ok: true, value: { version: '0.1.0', platform: 'linux', host: 'browser' } },
    });
  });

  it('refuses an upgrade without a token', async () => {
    expect(await upgradeStatus(connect([wireProtocol]))).toBe(401);
    expect(await upgradeStatus(connect([]))).toBe(401);
  });

  it('refuses an upgrade with a wrong token', async () => {
    expect(await upgradeStatus(connect([wireProtocol, `${tokenProtocolPrefix}${'0'.repeat(64)}`]))).toBe(401);
    expect(await upgradeStatus(connect([wireProtocol, `${tokenProtocolPrefix}${token.slice(1)}`]))).toBe(401);
  });

  it('opens one connection with the launch link; a copy of it is refused after', async () => {
    const protocols = [wireProtocol, `${tokenProtocolPrefix}${token}`];
    await openSocket();
    expect(linkUses).toBe(1);
    expect(await upgradeStatus(connect(protocols))).toBe(401);
    expect(linkUses).toBe(1);
  });

  it('hands each connection a fresh token for its next one (a reload), usable once', async () => {
    const first = await openWith(token);
    first.socket.terminate();
    const reloaded = await openWith(first.next);
    expect(reloaded.next).not.toBe(first.next);
    expect(await upgradeStatus(connect([wireProtocol, `${tokenProtocolPrefix}${first.next}`]))).toBe(401);
    // The Origin is checked first: a foreign page's attempt does not spend the window's token.
    const next = [wireProtocol, `${tokenProtocolPrefix}${reloaded.next}`];
    expect(await upgradeStatus(connect(next, { Origin: 'http://evil.example' }))).toBe(403);
    expect((await openWith(reloaded.next)).socket.protocol).toBe(wireProtocol);
  });

  it('refuses a foreign or missing Origin even with the right token', async () => {
    const protocols = [wireProtocol, `${tokenProtocolPrefix}${token}`];
    expect(await upgradeStatus(connect(protocols, { Origin: 'http://evil.example' }))).toBe(403);
    expect(await upgradeStatus(connect(protocols, { Origin: 'null' }))).toBe(403);
    expect(await upgradeStatus(connect(protocols, {}))).toBe(403);
  });

  it('rejects an unknown channel and bad input through the wrapper', async () => {
    const socket = await openSocket();
    expect(await call(socket, { id: 2, channel: 'app:quit' })).toMatchObject({
      id: 2,
      result: { ok: false, code: 'unknown-channel' },
    });
    expect(await call(socket, { id: 3, channel: 'app:info', input: { evil: true } })).toMatchObject({
      id: 3,
      result: { ok: false, code: 'bad-input' },
    });
  });

  it('closes the socket on a frame our renderer would never send', async () => {
    const socket = await openSocket();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"not":"a request"');
    expect(await closed).toBe(1008);
  });

  it('pushes contract events to connected windows', async () => {
    const socket = await openSocket();
    const frame = nextFrame(socket);
    host.emit('launch:requested', { accountId: 'acct_1' });
    expect(await frame).toEqual({ kind: 'event', event: 'launch:requested', payload: { accountId: 'acct_1' } });
  });
});

function rawGetStatus(rawPath: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('browser host HTTP', () => {
  it('serves the renderer with the strict CSP naming its own socket', async () => {
    const response = await fetch(new URL('/', origin));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Latchkey</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${new URL(origin).host}`);
  });

  it('serves nothing outside the renderer folder', async () => {
    // Raw paths: fetch() would normalise the dots away before they reach the server.
    for (const rawPath of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/missing.js']) {
      expect(await rawGetStatus(rawPath)).toBe(404);
    }
  });

  it('accepts only GET and HEAD', async () => {
    expect((await fetch(new URL('/', origin), { method: 'POST' })).status).toBe(405);
  });
});
