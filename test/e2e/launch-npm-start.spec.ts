/**
 * `npm start` is the whole demo: it comes up with the Okta simulator (My Apps, demo app), the
 * sync server and the desktop app answering on their ports, the desktop's link forwarder token
 * file and the browser host's one-time link file private to the user, then stops everything on Ctrl-C (SIGINT) and exits 0.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

test.setTimeout(180_000);

test('npm start brings up the demo on all its ports and stops cleanly on SIGINT', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-demo-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  // `node --import tsx`, not the tsx binary, whose signal relay kills a child that is slow to
  // acknowledge SIGINT (exit 130 on a busy machine); see npm-start.spec.ts.
  const start = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/start.ts',
      '--no-build',
      '--data',
      dataDir,
      '--sim-port',
      '0',
      '--server-port',
      '0',
      '--desktop-port',
      '0',
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(start, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    const printed: Record<string, string> = {};
    for await (const line of createInterface({ input: start.stdout })) {
      const match =
        /^\s*(Okta My Apps|Demo app|Sync server)\s+(\S+)$/.exec(line) ??
        /^(Open Latchkey): its one-time link is in (\S+) /.exec(line);
      if (match?.[1] && match[2]) printed[match[1]] = match[2];
      if (printed['Open Latchkey']) break;
    }
    const urls = [
      printed['Okta My Apps'],
      printed['Demo app'],
      `${printed['Sync server']}/healthz`,
      (await readFile(printed['Open Latchkey'] ?? '', 'utf8')).trim(),
    ];
    for (const url of urls) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const res = await fetch(url ?? '', { redirect: 'manual' });
      expect(res.status, url).toBeLessThan(400);
    }
    expect((await stat(path.join(dataDir, 'desktop', 'link-forwarder.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(printed['Open Latchkey'] ?? '')).mode & 0o777).toBe(0o600);

    start.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
    for (const url of urls) await expect(fetch(url ?? '')).rejects.toThrow();
  } finally {
    if (start.exitCode === null) start.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
