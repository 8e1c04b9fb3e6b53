import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../../main/ipc/dispatch';
import { createIpcHandlers, type HostServices } from '../../../main/ipc/handlers';
import { logsFolderService } from '../../../main/logging/logs-folder-service';
import { createAppInfoService } from '../../../main/services/app-info';

const folder = '/home/ada/.config/Latchkey/logs';

function dispatchWith(logs: HostServices['logs']) {
  return createDispatch(createIpcHandlers({ appInfo: createAppInfoService('electron', 'linux'), logs }), () => {});
}

describe('logs:open-folder', () => {
  it("Electron's main opens the logs folder in the file manager and says where it is", async () => {
    const opened: string[] = [];
    const dispatch = dispatchWith(
      logsFolderService(folder, async (path) => {
        opened.push(path);
        return '';
      }),
    );
    expect(await dispatch('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder, opened: true } },
    });
    expect(opened).toEqual([folder]);
  });

  it('when the system cannot open it, the page still learns the path to show', async () => {
    const dispatch = dispatchWith(logsFolderService(folder, async () => 'No application is registered'));
    expect(await dispatch('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder, opened: false } },
    });
  });

  it('the browser host answers the path without opening anything', async () => {
    const dispatch = dispatchWith(logsFolderService(folder));
    expect(await dispatch('logs:open-folder', undefined)).toEqual({
      ok: true,
      value: { ok: true, value: { folder, opened: false } },
    });
  });

  it('a host without a log file says so', async () => {
    expect(await dispatchWith(undefined)('logs:open-folder', undefined)).toMatchObject({
      ok: true,
      value: { ok: false, code: 'unsupported' },
    });
  });
});
