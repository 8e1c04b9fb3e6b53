import type { AppInfo, HostKind } from '../../domain/ipc-contract';
import packageJson from '../../package.json' with { type: 'json' };

export interface AppInfoService {
  info(): AppInfo;
}

/** The version is the package's, so Electron and the browser host report the same one. */
export function createAppInfoService(host: HostKind, platform: string = process.platform): AppInfoService {
  const info: AppInfo = { version: packageJson.version, platform, host };
  return { info: () => info };
}
