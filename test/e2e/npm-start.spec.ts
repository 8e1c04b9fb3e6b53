import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

// `npm start` on a machine without a display: it prints where its one-time link is (a file only
// this user can read, never the link itself), the app works there, and Ctrl-C (SIGINT) stops
// everything and exits cleanly. `--no-build`: npm test has just built, and
// a rebuild would empty out/renderer under the other tests running beside this one.
test('npm start serves the app and stops cleanly on Ctrl-C', async ({ page }) => {
  // npm start now brings up the whole demo first (simulator, sync server on PGlite, SCIM).
  test.setTimeout(180_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_DESKTOP_DATA_DIR: dataDir };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  // The demo's data and ports are the test's own (npm start's defaults: .latchkey/, 7100, 7200, 7300).
  const demoArgs = ['--data', dataDir, '--sim-port', '0', '--server-port', '0', '--desktop-port', '0'];
  // `node --import tsx`, not the tsx binary: tsx relays a signal to its child and, when the child
  // does not acknowledge it within 30 ms (a busy machine), kills it and exits 130. A terminal's
  // Ctrl-C reaches every process of the group, so a person never meets that relay.
  const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build', ...demoArgs], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(start, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    const lines = createInterface({ input: start.stdout });
    let linkFile = '';
    for await (const line of lines) {
      const match = /^Open Latchkey: its one-time link is in (\S+) /.exec(line);
      if (match?.[1]) {
        linkFile = match[1];
        break;
      }
    }
    expect((await stat(linkFile)).mode & 0o777).toBe(0o600);
    const url = (await readFile(linkFile, 'utf8')).trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);

    await page.goto(url);
    await expect(page.getByRole('status')).toContainText('(browser host)');

    start.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
    await expect(fetch(new URL('/', url))).rejects.toThrow();

    // The desktop's log file, in its data folder's logs/: the start and the stop, never the link's token.
    const log = await readFile(path.join(path.dirname(linkFile), 'logs', 'latchkey.log'), 'utf8');
    expect(log).toContain('"msg":"browser host started"');
    expect(log).toContain('"msg":"browser host stopped"');
    expect(log).not.toContain(new URL(url).hash.slice('#token='.length));
  } finally {
    if (start.exitCode === null) start.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
