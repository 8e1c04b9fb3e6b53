import type { LogsFolderService } from '../ipc/handlers';

/**
 * The `logs:open-folder` service. `openPath` is Electron's shell.openPath, which answers an error
 * message, or '' once the file manager has the folder; the browser host passes none and only tells
 * the page where the folder is (its user is at the same machine, in a browser that cannot open it).
 */
export function logsFolderService(folder: string, openPath?: (path: string) => Promise<string>): LogsFolderService {
  return {
    folder,
    open: async () => (openPath ? (await openPath(folder)) === '' : false),
  };
}
