/**
 * The session rules Electron's main process applies to every session (main/index.ts) and to each
 * autofill window's partition (electron-window.ts), over stand-ins with Session's shape, since
 * Electron's binary is not available to the tests.
 */
import { describe, expect, it } from 'vitest';
import {
  cancelAllDownloads,
  type DownloadSource,
  denyAllPermissions,
} from '../../../../main/security/session-hardening';

describe('denyAllPermissions', () => {
  it('refuses every request and reports every check as not granted', () => {
    let request: Parameters<Parameters<typeof denyAllPermissions>[0]['setPermissionRequestHandler']>[0] | null = null;
    let check: ((webContents: unknown, permission: string) => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler) => {
        check = handler;
      },
    });
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'openExternal']) {
      (request as unknown as (w: unknown, p: string, cb: (g: boolean) => void) => void)(null, permission, (granted) =>
        answers.push(granted),
      );
      expect((check as unknown as (w: unknown, p: string) => boolean)(null, permission)).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
  });
});

describe('cancelAllDownloads', () => {
  it('prevents and cancels every download and logs only its origin', () => {
    let listener: Parameters<DownloadSource['on']>[1] | null = null;
    const logs: string[] = [];
    cancelAllDownloads({ on: (_event, l) => (listener = l) }, (message, context) =>
      logs.push(`${message} ${JSON.stringify(context)}`),
    );
    const done: string[] = [];
    (listener as unknown as Parameters<DownloadSource['on']>[1])(
      { preventDefault: () => done.push('prevented') },
      { cancel: () => done.push('cancelled'), getURL: () => 'https://evil.example/dl?token=s3cret' },
    );
    expect(done).toEqual(['prevented', 'cancelled']);
    expect(logs.join()).toContain('https://evil.example');
    expect(logs.join()).not.toContain('s3cret');
  });
});
