import { create } from 'zustand';
import type { AppInfo, LatchkeyApi } from '../../../domain/ipc-contract';

// UI state only (STYLE §8): what the host said about itself, and whether we could ask.
export type AppInfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; message: string };

export const useAppInfo = create<AppInfoState>(() => ({ status: 'loading' }));

export async function loadAppInfo(api: LatchkeyApi): Promise<void> {
  const result = await api.invoke('app:info');
  useAppInfo.setState(
    result.ok ? { status: 'ready', info: result.value } : { status: 'failed', message: result.message },
    true,
  );
}

export function describeHost(info: AppInfo): string {
  const host = info.host === 'browser' ? 'browser host' : 'desktop app';
  return `Latchkey ${info.version} on ${info.platform} (${host})`;
}
