/**
 * What every Electron session gets (the app's own and each autofill window's partition):
 * no permission is ever granted — not asked for (`setPermissionRequestHandler`) and not reported
 * as granted when a page merely checks (`setPermissionCheckHandler`, which the request handler
 * alone leaves open) — Electron security checklist §5. Autofill sessions also cancel every
 * download, so a login page cannot drop a file on the machine.
 *
 * Typed structurally, not as Electron's Session, so the rules run and are tested over plain Node
 * where Electron's binary is absent; Electron's Session satisfies these shapes.
 */
export interface PermissionGate {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface DownloadSource {
  on(
    event: 'will-download',
    listener: (event: { preventDefault(): void }, item: { cancel(): void; getURL(): string }) => void,
  ): unknown;
}

export function denyAllPermissions(session: PermissionGate): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function cancelAllDownloads(
  session: DownloadSource,
  log: (message: string, context: Record<string, unknown>) => void,
): void {
  session.on('will-download', (event, item) => {
    event.preventDefault();
    item.cancel();
    // The origin only: a download URL may carry tokens in its path or query.
    log('cancelled a download from a login window', { from: originOf(item.getURL()) });
  });
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : 'unknown';
}
