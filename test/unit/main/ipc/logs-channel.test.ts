import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../../../main/ipc/dispatch';
import { createIpcHandlers, type HostServices } from '../../../../main/ipc/handlers';
import { type AppLog, openAppLog } from '../../../../main/logging/app-log';
import { logsFolderService } from '../../../../main/logging/logs-folder-service';
import { createAppInfoService } from '../../../../main/services/app-info';

let dataDir: string;
let log: AppLog;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-logs-channel-'));
  log = openAppLog({ dataDir });
});
afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

function dispatchWith(logs: HostServices['logs']) {
  return createDispatch(createIpcHandlers({ appInfo: createAppInfoService('electron', 'linux'), logs }), () => {});
}

describe('logs:open-folder', () => {
  it("Electron's main opens the logs folder in the file manager and says where it is", async () => {
    const opened: string[] = [];
    const dispatch = dispatchWith(
      logsFolderService(log, async (folder) => {
        opened.push(folder);
        return '';
      }),
    );
    const folder = path.join(dataDir, 'logs');
    expect(await dispatch('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder, opened: true } },
    });
    expect(opened).toEqual([folder]);
  });

  it('when the system cannot open it, the page still learns the path to show', async () => {
    const dispatch = dispatchWith(logsFolderService(log, async () => 'No application is registered'));
    expect(await dispatch('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder: log.folder, opened: false } },
    });
  });

  it('the browser host answers the path without opening anything', async () => {
    expect(await dispatchWith(logsFolderService(log))('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder: log.folder, opened: false } },
    });
  });

  it('a host without a log file says so', async () => {
    expect(await dispatchWith(undefined)('logs:open-folder', undefined)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'unsupported' },
    });
  });
});

describe('logs:screen-failed', () => {
  it("puts a failed screen's report in the log file, redacted again whatever the renderer sent", async () => {
    const dispatch = dispatchWith(logsFolderService(log));
    const report = 'Latchkey error report\nScreen: Accounts\nError: TypeError: no account for grace@example.com';
    expect(await dispatch('logs:screen-failed', { screen: 'Accounts', report })).toEqual({
      ok: true,
      value: { logged: true },
    });
    await log.close();
    const [entry] = (await readFile(log.file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entry).toMatchObject({ level: 'error', msg: 'screen failed', screen: 'Accounts' });
    expect(String(entry?.report)).toContain('Error: TypeError: no account for [email]');
    expect(JSON.stringify(entry)).not.toContain('grace@example.com');
  });

  it('refuses a report too long for the log, without writing it', async () => {
    const dispatch = dispatchWith(logsFolderService(log));
    expect(await dispatch('logs:screen-failed', { screen: 'Accounts', report: 'x'.repeat(8001) })).toMatchObject({
      ok: false,
      code: 'bad-input',
    });
    await log.close();
    await expect(readFile(log.file, 'utf8')).resolves.toBe('');
  });
});
