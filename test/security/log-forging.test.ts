/**
 * A compromised renderer writes to the desktop log (`logs:screen-failed`), which support staff read
 * and trust. Through the browser host's real WebSocket it tries to forge whole log entries (line
 * breaks and JSON in the report), to plant a secret in the file, and to fill the disk with reports.
 * Each line must stay one entry of its own, the secret must be redacted, and the folder must stay
 * within its rotation bound.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocolPrefix, WireServerFrame, wireProtocol } from '../../domain/ipc-wire';
import { type BrowserHost, startBrowserHost } from '../../main/browser-host/start-browser-host';
import { type AppLog, openAppLog } from '../../main/logging/app-log';
import { logsFolderService } from '../../main/logging/logs-folder-service';
import { createAppInfoService } from '../../main/services/app-info';

const MAX_BYTES = 16 * 1024;
const FILES = 3;

let folder: string;
let log: AppLog;
let host: BrowserHost;
let socket: WebSocket;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'latchkey-log-forging-'));
  const rendererDir = path.join(folder, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Latchkey</title>');
  log = openAppLog({ dataDir: folder, maxBytes: MAX_BYTES, files: FILES });
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    services: { appInfo: createAppInfoService('browser', 'linux'), logs: logsFolderService(log) },
    log: log.error,
  });
  const url = new URL(host.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  socket = new WebSocket(`ws://${url.host}/ipc`, [wireProtocol, `${tokenProtocolPrefix}${token}`], {
    headers: { Origin: url.origin },
  });
  const ticket = await nextFrame();
  expect(ticket.kind).toBe('ticket');
});

afterEach(async () => {
  socket.terminate();
  await host.close();
  await log.close();
  await rm(folder, { recursive: true, force: true });
});

function nextFrame(): Promise<WireServerFrame> {
  return new Promise((resolve) =>
    socket.once('message', (data) => resolve(WireServerFrame.parse(JSON.parse(String(data))))),
  );
}

let nextId = 1;
async function screenFailed(screen: string, report: string): Promise<WireServerFrame> {
  const reply = nextFrame();
  socket.send(JSON.stringify({ id: nextId++, channel: 'logs:screen-failed', input: { screen, report } }));
  return reply;
}

async function entries(): Promise<Record<string, unknown>[]> {
  await log.close();
  const names = (await readdir(log.folder)).filter((name) => name.startsWith('latchkey.log'));
  const texts = await Promise.all(names.map((name) => readFile(path.join(log.folder, name), 'utf8')));
  return texts
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('a report cannot forge a log entry: its line breaks and JSON stay inside its own entry', async () => {
  const forged = '{"level":"info","time":"2026-12-05T00:00:00.000Z","msg":"admin signed in","user":"support"}';
  const report = `Latchkey error report\r\n${forged}\n${forged}\u2028done`;
  expect(await screenFailed('Accounts\n{"level":"info"}', report)).toMatchObject({
    kind: 'response',
    result: { ok: true, value: { logged: true } },
  });
  const all = await entries();
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ level: 'error', msg: 'screen failed', report });
  expect(all.some((entry) => entry.msg === 'admin signed in')).toBe(false);
});

it('a secret planted in a report is redacted before it reaches the file', async () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldmUifQ.Zm9yZ2VkLXNpZ25hdHVyZQ';
  await screenFailed('Accounts', `Error: refresh with Bearer ${token} for eve@example.com`);
  const text = JSON.stringify(await entries());
  expect(text).not.toContain(token);
  expect(text).not.toContain('eve@example.com');
});

it('reports sent in a loop cannot fill the disk: the folder stays within its rotation bound', async () => {
  const report = `Latchkey error report\n${'x'.repeat(7000)}`;
  for (let i = 0; i < 40; i++) {
    expect(await screenFailed('Accounts', report)).toMatchObject({ result: { ok: true } });
  }
  // Too long for the contract: refused before anything is written.
  expect(await screenFailed('Accounts', 'x'.repeat(8001))).toMatchObject({ result: { ok: false, code: 'bad-input' } });
  await log.close();
  const names = await readdir(log.folder);
  expect(names.length).toBeLessThanOrEqual(FILES);
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(log.folder, name))).size));
  // One entry past the size triggers the rotation, so a file may end one entry (< 8 KB) over it.
  for (const size of sizes) expect(size).toBeLessThan(MAX_BYTES + 8 * 1024);
});
