import type { LogsFolderService } from '../ipc/handlers';
import type { AppLog } from './app-log';

/**
 * The `logs:*` channels over the app's log. `openPath` is Electron's shell.openPath, which answers
 * an error message, or '' once the file manager has the folder; the browser host passes none and
 * only tells the page where the folder is (a browser page cannot open it).
 */
export function logsFolderService(
  log: Pick<AppLog, 'folder' | 'error'>,
  openPath?: (path: string) => Promise<string>,
): LogsFolderService {
  return {
    folder: log.folder,
    open: async () => (openPath ? (await openPath(log.folder)) === '' : false),
    // The renderer is ours but its text is input: the logger redacts it again (domain/log-redaction.ts).
    screenFailed: (screen, report) => log.error('screen failed', { screen, report }),
  };
}
