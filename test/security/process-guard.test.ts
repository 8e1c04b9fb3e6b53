/**
 * A background task that fails with nothing to catch it is logged, and the process keeps serving:
 * the sync server's CLI installs this guard before it listens.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const child = fileURLToPath(new URL('./support/guarded-child.ts', import.meta.url));

it('an unhandled rejection and a throw from a timer are logged, and the process still answers', async () => {
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { stdio: ['ignore', 'pipe', 'pipe'] });
  const LOGGED = [
    'unhandled promise rejection (process kept running): background task failed',
    'uncaught exception (process kept running): timer callback threw',
  ];
  let stdout = '';
  let stderr = '';
  // Resolves once the child listens and both failures are in its log (two pipes, any order).
  const port = await new Promise<number>((resolve, reject) => {
    const check = (): void => {
      const match = /listening (\d+)/.exec(stdout);
      if (match && LOGGED.every((line) => stderr.includes(line))) resolve(Number(match[1]));
    };
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    proc.once('exit', (code) => reject(new Error(`the guarded process exited (${code}): ${stderr}`)));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toBe('still serving');
  } finally {
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
});
