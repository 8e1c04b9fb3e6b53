/**
 * A local process steals the browser host's token. Whoever opens the host's WebSocket with it
 * drives the whole IPC contract (`sync:pull` of `credentials` answers every password in clear), so
 * the token must never be where another process can read it: on a command line (`/proc/<pid>/cmdline`
 * is readable by every user), or in `npm start`'s console output. And a token seen once opens one
 * connection: a copy taken after the window connected is refused.
 *
 * Each test runs the real `npm start` (sync server, Okta simulator, browser host, and in the second
 * test a real Chromium app window) and attacks it the way a local process would: it reads every
 * process's command line and everything npm start printed, tries every 256-bit hex string it finds
 * as a token against the host's WebSocket, and replays tokens the real window already used.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocolPrefix, WireServerFrame, wireProtocol } from '../../domain/ipc-wire';
import { chromiumPath } from '../../main/services/chromium';

const root = path.resolve(import.meta.dirname, '../..');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface NpmStart {
  /** Everything npm start wrote to stdout and stderr so far (its children's output included). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if npm start exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

/** `npm start` as a user runs it, on its own data folder and free ports. */
async function npmStart(env: NodeJS.ProcessEnv): Promise<NpmStart> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-token-'));
  const args = ['scripts/start.ts', '--no-build', '--data', dataDir];
  const child: ChildProcess = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    [...args, '--sim-port', '0', '--server-port', '0', '--desktop-port', '0'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit');
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await exited;
    }
    // Chromium's helper processes (network service, renderers) can still be writing to the
    // window's profile for a moment after the browser process has exited: a removal that finds
    // the folder refilled is tried again (fs.rm's own retry for ENOTEMPTY).
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
  let output = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return {
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}m`).exec(output);
          if (!match) return;
          waiters.delete(check);
          resolve(match);
        };
        waiters.add(check);
        check();
        void exited.then(([code]) => {
          waiters.delete(check);
          reject(new Error(`npm start exited (${String(code)}) before printing ${pattern}:\n${output}`));
        });
      }),
  };
}

/** What any local process can read: every process's command line. */
async function everyCommandLine(): Promise<string> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/cmdline`, 'utf8')
        .then((line) => line.replaceAll('\0', ' '))
        // The process ended between the listing and the read.
        .catch(() => ''),
    ),
  );
  return lines.join('\n');
}

/** Every string that has the shape of a host token (256 bits, hex). */
function tokenCandidates(text: string): string[] {
  return [...new Set(text.match(/[0-9a-f]{64}/g) ?? [])];
}

interface Upgrade {
  status: number;
  socket: WebSocket;
  /** The first frame the host sent, if the socket opened. */
  firstFrame?: Promise<WireServerFrame>;
}

/** Opens the host's IPC socket as a browser page would: our Origin, the token as a subprotocol. */
function connect(origin: string, token: string): Promise<Upgrade> {
  const socket = new WebSocket(`ws://${new URL(origin).host}/ipc`, [wireProtocol, `${tokenProtocolPrefix}${token}`], {
    headers: { Origin: origin },
  });
  cleanups.push(async () => {
    socket.terminate();
  });
  const firstFrame = new Promise<WireServerFrame>((resolve) =>
    socket.once('message', (data) => resolve(WireServerFrame.parse(JSON.parse(String(data))))),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 101, socket, firstFrame }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, socket }));
    socket.once('error', reject);
  });
}

/** Every token-shaped string a local process could have read is refused by the host. */
async function expectNothingUsable(origin: string, readable: string): Promise<void> {
  for (const candidate of tokenCandidates(readable)) {
    expect((await connect(origin, candidate)).status, `a token read from a command line or the console`).toBe(401);
  }
}

function headlessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

it('npm start without a display prints no token and hands over a one-time link readable only by its user', async () => {
  const start = await npmStart(headlessEnv());
  const [, origin = ''] = await start.waitFor(/Latchkey browser host: (http:\/\/127\.0\.0\.1:\d+)/);
  await start.waitFor(/^Open Latchkey/);
  await expectNothingUsable(origin, `${start.output()}\n${await everyCommandLine()}`);

  const [, linkFile = ''] = await start.waitFor(/one-time link is in (\S+)/);
  expect((await stat(linkFile)).mode & 0o777).toBe(0o600);
  const link = new URL((await readFile(linkFile, 'utf8')).trim());
  expect(link.origin).toBe(origin);
  const launchToken = new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
  expect(launchToken).toMatch(/^[0-9a-f]{64}$/);
  expect(start.output()).not.toContain(launchToken);
  expect(await everyCommandLine()).not.toContain(launchToken);

  // The user's window connects with the link and is handed the token for its next connection (a reload).
  const window = await connect(origin, launchToken);
  expect(window.status).toBe(101);
  const ticket = await window.firstFrame;
  if (ticket?.kind !== 'ticket') throw new Error(`expected a ticket frame, got ${JSON.stringify(ticket)}`);
  await start.waitFor(/one-time link was used/);
  await expect(stat(linkFile)).rejects.toMatchObject({ code: 'ENOENT' });

  // A process that copied the link (or the ticket) gets nothing once the window used it.
  expect((await connect(origin, launchToken)).status).toBe(401);
  const reload = await connect(origin, ticket.token);
  expect(reload.status).toBe(101);
  expect((await connect(origin, ticket.token)).status).toBe(401);
  expect(start.output()).not.toContain(ticket.token);
}, 180_000);

it('npm start with a display opens the Chromium window without a token on any command line', async () => {
  // Chromium needs no display server with the headless Ozone platform; its window is otherwise the
  // real app window npm start opens. A wrapper adds the flag, since npm start's own flags are the subject.
  const bin = await mkdtemp(path.join(tmpdir(), 'latchkey-chromium-'));
  cleanups.push(() => rm(bin, { recursive: true, force: true }));
  const wrapper = path.join(bin, 'chromium');
  const sandbox = process.getuid?.() === 0 ? ' --no-sandbox' : '';
  await writeFile(wrapper, `#!/bin/sh\nexec '${chromiumPath()}' --ozone-platform=headless${sandbox} "$@"\n`);
  await chmod(wrapper, 0o700);
  const start = await npmStart({ ...headlessEnv(), DISPLAY: ':latchkey-test', CHROMIUM_PATH: wrapper });

  const [, origin = ''] = await start.waitFor(/Latchkey browser host: (http:\/\/127\.0\.0\.1:\d+)/);
  await start.waitFor(/Latchkey is open in a Chromium app window/);
  await expectNothingUsable(origin, `${start.output()}\n${await everyCommandLine()}`);

  // The window connected with the one-time link; still nothing anyone else can read opens a connection.
  await start.waitFor(/one-time link was used/);
  await expectNothingUsable(origin, `${start.output()}\n${await everyCommandLine()}`);
  expect(start.output()).not.toMatch(/#token=/);
}, 180_000);
