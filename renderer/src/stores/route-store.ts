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
  | { screen: 'my-profile' };

export type ScreenId = Route['screen'];

export const useRoute = create<{ route: Route; previous: Route | null }>(() => ({
  route: { screen: 'accounts' },
  previous: null,
}));

export function navigate(route: Route): void {
  useRoute.setState((state) => ({ route, previous: state.route }));
}
