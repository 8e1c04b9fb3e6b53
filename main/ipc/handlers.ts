import type { AppInfoService } from '../services/app-info';
import type { IpcHandlers } from './dispatch';

/** The services a host hands to the IPC layer; both hosts build the same set. */
export interface HostServices {
  appInfo: AppInfoService;
}

export function createIpcHandlers(services: HostServices): IpcHandlers {
  return {
    'app:info': () => services.appInfo.info(),
  };
}
