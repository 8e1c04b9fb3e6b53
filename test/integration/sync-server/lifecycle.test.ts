/**
 * The server as an operator runs it: `npm run server` prints its URL, runs migrations, keeps its
 * credentials key private, drains on SIGTERM and reopens its store intact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';

let sim: OktaSim;
let dataDir: string;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-cli-'));
});
afterAll(async () => {
  await sim?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function startCli(): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null> } {
  // node itself, not npx: a signal must reach the server process, not a wrapper.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sync-server/cli.ts',
      '--port',
      '0',
      '--data',
      dataDir,
      '--issuer',
      sim.issuer,
      '--audience',
      sim.audience,
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exit };
}

describe('npm run server', () => {
  it('starts on PGlite, prints its URL, and exits cleanly on SIGTERM; a restart reopens the same store', async () => {
    const first = startCli();
    const url = await first.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const unauthenticated = await fetch(`${url}/api/v1/replication/settings/pull`);
    expect(unauthenticated.status).toBe(401);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    const key = await stat(join(dataDir, 'credentials.key'));
    expect(key.mode & 0o777).toBe(0o600);

    const second = startCli();
    const url2 = await second.url;
    expect((await fetch(`${url2}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });
});
