import { createContext, useContext } from 'react';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import type { User } from '../../../domain/records';
import type { CollectionName } from '../../../domain/wire/collections';
import type { ReplicaHandle } from '../replica/replica-store';
import type { WorkspaceView } from '../replica/use-workspace';

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
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in screen');
  return value;
}

export const ApiContext = createContext<LatchkeyApi | null>(null);

export function useApi(): LatchkeyApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext>');
  return api;
}
