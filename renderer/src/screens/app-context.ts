import { createContext, useContext } from 'react';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import type { User } from '../../../domain/records';
import type { CollectionName } from '../../../domain/wire/collections';
import type { WorkspaceIndex } from '../../../domain/workspace-index';
import type { ReplicaHandle } from '../replica/replica-store';
import type { WorkspaceView } from '../replica/use-workspace';
import type { FirstScreenView } from './account-list';

/** What every signed-in screen needs: the host bridge, the replica, the workspace and who "me" is. */
export interface AppContextValue {
  api: LatchkeyApi;
  handle: ReplicaHandle;
  view: WorkspaceView;
  me: User | null;
  /**
   * Collections pulled at least once this session. Before that, an empty collection says nothing:
   * "no accounts" or "you are not a member" would be guesses during the first sync.
   */
  pulled: ReadonlySet<CollectionName>;
  /**
   * While `view` is still reading the whole workspace (`view.loading`): the Accounts list's first
   * screen, read as the replica opened (replica/first-screen.ts), and "me" in it. Null afterwards.
   */
  firstScreen: FirstScreenView | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in screen');
  return value;
}

/**
 * "Me" and an index to decide with on what the app shows first — the Accounts list, the sidebar,
 * the All-Access banner — from the first screen until the whole workspace is read. Its answers
 * are exact about me (workspace role, All-Access Mode) and about the first screen's accounts;
 * screens about anything else read `view`, which says `loading` until it is whole.
 */
export function useAccess(): { index: WorkspaceIndex; me: User | null } {
  const { view, me, firstScreen } = useApp();
  return firstScreen ? { index: firstScreen.screen.index, me: firstScreen.me } : { index: view.index, me };
}

export const ApiContext = createContext<LatchkeyApi | null>(null);

export function useApi(): LatchkeyApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext>');
  return api;
}
