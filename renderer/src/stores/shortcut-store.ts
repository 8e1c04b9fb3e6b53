import { create } from 'zustand';

// A request from a shortcut or the app menu to the accounts screen, which carries it out and
// clears it: made on another screen, it waits until the accounts screen has opened.
export type ScreenRequest = 'search' | 'new-account';

export const useShortcutRequests = create<{ pending: ScreenRequest | null; helpOpen: boolean }>(() => ({
  pending: null,
  helpOpen: false,
}));

export const requestOnAccounts = (pending: ScreenRequest) => useShortcutRequests.setState({ pending });
export const consumeRequest = () => useShortcutRequests.setState({ pending: null });
export const setShortcutsHelp = (helpOpen: boolean) => useShortcutRequests.setState({ helpOpen });
