import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClipboardGuard } from '../../../../domain/clipboard-guard';
import { createDispatch, type DispatchLog } from '../../../../main/ipc/dispatch';
import { createIpcHandlers, type HostServices } from '../../../../main/ipc/handlers';
import { type AppLog, openAppLog } from '../../../../main/logging/app-log';
import { logsFolderService } from '../../../../main/logging/logs-folder-service';
import { createAppInfoService } from '../../../../main/services/app-info';

/** The handlers of a host with `services` besides app info, behind the dispatch the IPC transports share. */
function dispatchWith(services: Omit<HostServices, 'appInfo'>, log: DispatchLog = () => {}) {
  return createDispatch(createIpcHandlers({ appInfo: createAppInfoService('electron', 'linux'), ...services }), log);
}

function host(withClipboard: boolean) {
  const board = { text: '' };
  const logged: Parameters<DispatchLog>[] = [];
  const clipboard = withClipboard
    ? createClipboardGuard({
        write: (text) => {
          board.text = text;
        },
        read: () => board.text,
      })
    : undefined;
  const dispatch = dispatchWith({ clipboard }, (...args) => logged.push(args));
  return { board, dispatch, logged, clipboard };
}

describe('clipboard:copy', () => {
  it('Electron’s main writes the text and answers with the delay it will clear after', async () => {
    const { board, dispatch, clipboard } = host(true);
    expect(await dispatch('clipboard:copy', { text: 'pa55word', clearAfterSeconds: 30 })).toEqual({
      ok: true,
      value: { ok: true, value: { clearAfterSeconds: 30 } },
    });
    expect(board.text).toBe('pa55word');
    await clipboard?.flush();
    expect(board.text).toBe('');
  });

  it('the browser host has no clipboard of its own and says so (the page copies itself)', async () => {
    const { dispatch } = host(false);
    expect(await dispatch('clipboard:copy', { text: 'pa55word', clearAfterSeconds: 30 })).toMatchObject({
      ok: true,
      value: { ok: false, code: 'unsupported' },
    });
  });

  it.each([
    { text: '', clearAfterSeconds: 30 },
    { text: 'x'.repeat(10_001), clearAfterSeconds: 30 },
    { text: 'pa55word', clearAfterSeconds: 0 },
    { text: 'pa55word', clearAfterSeconds: 3601 },
    { text: 'pa55word', clearAfterSeconds: 1.5 },
    { text: 'pa55word' },
    'pa55word',
  ])('refuses input outside the contract, writing nothing: %j', async (input) => {
    const { board, dispatch, logged } = host(true);
    const answer = await dispatch('clipboard:copy', input);
    expect(answer).toMatchObject({ ok: false, code: 'bad-input' });
    expect(JSON.stringify(answer)).not.toContain('pa55word');
    expect(board.text).toBe('');
    expect(JSON.stringify(logged)).not.toContain('pa55word');
  });
});

describe('the logs channels', () => {
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

  const dispatchWithLogs = (logs: HostServices['logs']) => dispatchWith({ logs });

  describe('logs:open-folder', () => {
    it("Electron's main opens the logs folder in the file manager and says where it is", async () => {
      const opened: string[] = [];
      const dispatch = dispatchWithLogs(
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
      const dispatch = dispatchWithLogs(logsFolderService(log, async () => 'No application is registered'));
      expect(await dispatch('logs:open-folder', undefined)).toEqual({
        ok: true,
        value: { ok: true, value: { folder: log.folder, opened: false } },
      });
    });

    it('the browser host answers the path without opening anything', async () => {
      expect(await dispatchWithLogs(logsFolderService(log))('logs:open-folder', undefined)).toEqual({
        ok: true,
        value: { ok: true, value: { folder: log.folder, opened: false } },
      });
    });

    it('a host without a log file says so', async () => {
      expect(await dispatchWithLogs(undefined)('logs:open-folder', undefined)).toMatchObject({
        ok: true,
        value: { ok: false, code: 'unsupported' },
      });
    });
  });

  describe('logs:screen-failed', () => {
    it("puts a failed screen's report in the log file, redacted again whatever the renderer sent", async () => {
      const dispatch = dispatchWithLogs(logsFolderService(log));
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
      const dispatch = dispatchWithLogs(logsFolderService(log));
      expect(await dispatch('logs:screen-failed', { screen: 'Accounts', report: 'x'.repeat(8001) })).toMatchObject({
        ok: false,
        code: 'bad-input',
      });
      await log.close();
      await expect(readFile(log.file, 'utf8')).resolves.toBe('');
    });
  });
});
