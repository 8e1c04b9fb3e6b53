import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppLog, openAppLog } from '../../../../main/logging/app-log';
import {
  handleChildProcessGone,
  handleOtherRendererGone,
  handleRenderProcessGone,
} from '../../../../main/windows/process-gone';

// Through the real log file: what a support person reads after a user says "the window went blank".

let dataDir: string;
let log: AppLog;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-gone-'));
  log = openAppLog({ dataDir });
});
afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function logged(): Promise<Record<string, unknown>[]> {
  await log.close();
  const text = await readFile(log.file, 'utf8');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function window(answer: boolean) {
  const events: string[] = [];
  const asked: { title: string; detail: string }[] = [];
  const handle = handleRenderProcessGone({
    log,
    askReload: async (message) => {
      asked.push(message);
      return answer;
    },
    reload: () => events.push('reload'),
    quit: () => events.push('quit'),
  });
  return { handle, events, asked };
}

describe('the window’s renderer process gone', () => {
  it('a crash is logged and the user is offered a reload, which reloads the window', async () => {
    const { handle, events, asked } = window(true);
    expect(await handle({ reason: 'crashed', exitCode: 139 })).toBe('reloaded');
    expect(events).toEqual(['reload']);
    expect(asked).toEqual([
      { title: 'Latchkey stopped working', detail: expect.stringMatching(/^The window crashed\. Your data is safe/) },
    ]);
    expect(await logged()).toEqual([
      expect.objectContaining({ level: 'error', msg: 'renderer process gone', reason: 'crashed', exitCode: 139 }),
      expect.objectContaining({ level: 'info', msg: 'reloading the window after its renderer was gone' }),
    ]);
  });

  it('choosing Quit quits', async () => {
    const { handle, events, asked } = window(false);
    expect(await handle({ reason: 'oom', exitCode: -1 })).toBe('quit');
    expect(asked[0]?.detail).toMatch(/^The window ran out of memory\./);
    expect(events).toEqual(['quit']);
  });

  it('a clean exit (the window closing) asks nothing', async () => {
    const { handle, events, asked } = window(true);
    expect(await handle({ reason: 'clean-exit', exitCode: 0 })).toBe('ignored');
    expect(asked).toEqual([]);
    expect(events).toEqual([]);
    expect(await logged()).toEqual([expect.objectContaining({ level: 'info', msg: 'renderer process exited' })]);
  });
});

describe('another child process gone', () => {
  it('is logged with its type and reason, as a warning unless it exited cleanly', async () => {
    const handle = handleChildProcessGone(log);
    handle({ type: 'GPU', reason: 'crashed', exitCode: 11 });
    handle({ type: 'Utility', reason: 'clean-exit', exitCode: 0, serviceName: 'network.mojom.NetworkService' });
    expect(await logged()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'child process gone',
        type: 'GPU',
        reason: 'crashed',
        exitCode: 11,
      }),
      expect.objectContaining({
        level: 'info',
        msg: 'child process exited',
        type: 'Utility',
        serviceName: 'network.mojom.NetworkService',
      }),
    ]);
  });
});

describe('a login window’s renderer gone', () => {
  it('is logged, without a dialog over the app', async () => {
    const handle = handleOtherRendererGone(log);
    handle({ reason: 'crashed', exitCode: 139 });
    expect(await logged()).toEqual([
      expect.objectContaining({ level: 'warn', msg: "another window's renderer process gone", reason: 'crashed' }),
    ]);
  });
});
