import { create } from 'zustand';

// Which screen is shown (STYLE §8: UI state). Screens register by id; the admin screens
// (workspace settings, members, teams, audit log, my profile) add their ids here and a case in
// screens/screen-router.tsx.
export type Route =
  | { screen: 'accounts' }
  | { screen: 'account'; accountId: string }
  | { screen: 'collections' }
  | { screen: 'collection'; collectionId: string }
  | { screen: 'workspace-settings' }
  | { screen: 'members' }
  | { screen: 'member'; userId: string }
  | { screen: 'teams' }
  | { screen: 'audit-log' }
  | { screen: 'orphaned-accounts' }
  | { screen: 'my-profile' }
  /** This device's settings: reachable signed in (sidebar) and signed out (the sign-in screen). */
  | { screen: 'settings' };

export type ScreenId = Route['screen'];

/** Screens visited before this one, newest last, for Alt+← (bounded: nobody goes back 50 times). */
const BACK_LIMIT = 50;

export const useRoute = create<{ route: Route; back: Route[] }>(() => ({
  route: { screen: 'accounts' },
  back: [],
}));

const same = (a: Route, b: Route) => JSON.stringify(a) === JSON.stringify(b);

export function navigate(route: Route): void {
  useRoute.setState((state) =>
    same(route, state.route) ? state : { route, back: [...state.back, state.route].slice(-BACK_LIMIT) },
  );
}

/** Alt+← and the menu's Back: the screen before this one; false when there is none. */
export function goBack(): boolean {
  const { back } = useRoute.getState();
  const route = back.at(-1);
  if (!route) return false;
  useRoute.setState({ route, back: back.slice(0, -1) });
  return true;
}

/** After a sign-out: the accounts screen, with no way back to the previous session's screens. */
export function resetRoute(): void {
  useRoute.setState({ route: { screen: 'accounts' }, back: [] }, true);
}
