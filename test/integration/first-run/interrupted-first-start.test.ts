/**
 * A first start killed while PGlite makes its database (Ctrl-C in the first seconds) leaves a
 * half-made folder; the next, ordinary start must undo it and start, not fail on it.
 */
import { existsSync, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { start } from '../../../dev/stack/cli-process';

const CLI = 'sync-server/cli.ts';
const args = (dataDir: string) => ['--port', '0', '--data', dataDir, '--issuer', 'http://127.0.0.1:9/oauth2/default'];

it('a start after a first start killed mid-initialisation starts from empty and serves', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-interrupted-'));
  try {
    const marker = join(dataDir, '.latchkey-first-start');
    const first = start(CLI, args(dataDir));
    // Killed the moment the first start begins to make its database.
    await new Promise<void>((resolve) => {
      const watcher = watch(dataDir, () => {
        if (existsSync(marker)) {
          watcher.close();
          first.child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await first.finished;
    expect(existsSync(marker)).toBe(true);

    const second = start(CLI, args(dataDir));
    try {
      const [, url] = (await second.waitFor(/listening on (http:\/\/\S+)/)) as unknown as [string, string];
      // stderr and stdout are two pipes: the notice may arrive after the line that says it listens.
      await second.waitFor(/was interrupted before its database was made: starting it again/, 'stderr');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 240_000);
