/**
 * The Okta simulator, the browser host and `npm start` refuse a start they cannot make in one
 * line that names their own flag (`npm start` checks before it builds, and creates nothing).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOneLine, occupyPort, run } from '../../../dev/stack/cli-process';

let root: string;
let busy: { port: number; close(): Promise<void> };
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latchkey-first-run-clis-'));
  busy = await occupyPort();
});
afterAll(async () => {
  await busy?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const inUse = (flag: string, what: string) =>
  new RegExp(
    `^Port \\d+ \\(${flag}\\) is already in use on 127\\.0\\.0\\.1, so ${what} cannot listen there: .*${flag} \\d+ \\(free now\\) or ${flag} 0 for any free port\\.$`,
  );

describe('npm run okta-sim', () => {
  it.concurrent('port in use names --port', async () => {
    const { code, stderr } = await run('okta-sim/cli.ts', ['--port', String(busy.port)]);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toMatch(inUse('--port', 'the Okta simulator'));
  });

  it.concurrent('a --seed that does not exist names the flag', async () => {
    const seed = join(root, 'no-such-seed.json');
    const { code, stderr } = await run('okta-sim/cli.ts', ['--seed', seed, '--port', '0']);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toBe(
      `--seed ${seed} cannot be read (no such file): give the path of a seed JSON file.`,
    );
  });
});

describe('npm run browser-host', () => {
  const renderer = async (): Promise<string> => {
    const dir = join(root, 'renderer');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Latchkey</title>');
    return dir;
  };

  it.concurrent('port in use names --port', async () => {
    const { code, stderr } = await run('main/browser-host/cli.ts', ['--port', String(busy.port)]);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toMatch(inUse('--port', 'the browser host'));
  });

  it.concurrent('a data folder below a file names the folder and LATCHKEY_DESKTOP_DATA_DIR', async () => {
    const file = join(root, 'desktop-file');
    await writeFile(file, '');
    const env = cleanEnv({ LATCHKEY_DESKTOP_DATA_DIR: join(file, 'desktop') });
    const { code, stderr } = await run('main/browser-host/cli.ts', ['--renderer', await renderer()], env);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toBe(
      `The data folder ${join(file, 'desktop')} (LATCHKEY_DESKTOP_DATA_DIR) cannot be used: ${file} is a file, not a folder; move it away or choose another folder.`,
    );
  });
});

describe('npm start', () => {
  it.concurrent('--desktop-port in use: named, before any build, and no data folder is created', async () => {
    const data = join(root, 'demo-port', 'nested');
    const { code, stderr } = await run('scripts/start.ts', ['--data', data, '--desktop-port', String(busy.port)]);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toMatch(inUse('--desktop-port', 'the browser host'));
    expect(existsSync(join(root, 'demo-port'))).toBe(false);
  });

  it.concurrent('a file in the way of --data is named', async () => {
    const file = join(root, 'demo-file');
    await writeFile(file, '');
    const args = ['--data', join(file, 'demo'), '--sim-port', '0', '--server-port', '0', '--desktop-port', '0'];
    const { code, stderr } = await run('scripts/start.ts', args);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toBe(
      `The data folder ${join(file, 'demo')} (--data) cannot be used: ${file} is a file, not a folder; move it away or choose another folder.`,
    );
  });

  it.concurrent('a data folder whose server store another process holds is refused, and --reset deletes nothing', async () => {
    const data = join(root, 'demo-held');
    await mkdir(join(data, 'server'), { recursive: true });
    // This test process stands in for a running `npm run server` on that folder.
    await writeFile(
      join(data, 'server', 'latchkey.lock'),
      JSON.stringify({
        pid: process.pid,
        holder: 'sync server',
        hostname: 'here',
        startedAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    const args = ['--data', data, '--reset', '--sim-port', '0', '--server-port', '0', '--desktop-port', '0'];
    const { code, stderr } = await run('scripts/start.ts', args);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toContain(
      `The data folder ${data} (--data) is in use by the Latchkey sync server (pid ${process.pid}, since 2020-01-01T00:00:00.000Z)`,
    );
    expect(existsSync(join(data, 'server', 'latchkey.lock'))).toBe(true);
  });
});
