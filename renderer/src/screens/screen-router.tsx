import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { ScreenErrorBoundary } from '../components/screen-error-boundary';
import { type Route, type ScreenId, useRoute } from '../stores/route-store';
import { AccountDetailsScreen } from './account-details-screen';
import { AccountsScreen } from './accounts-screen';
import { AdminGate } from './admin/admin-gate';
import { MemberDetailsScreen } from './admin/member-details-screen';
import { MembersScreen } from './admin/members-screen';
import { NavAccessSync } from './admin/nav-access-sync';
import { OrphanedAccountsScreen } from './admin/orphaned-accounts-screen';
import { TeamsScreen } from './admin/teams-screen';
import { WorkspaceSettingsScreen } from './admin/workspace-settings-screen';
import { useApp } from './app-context';
import { AuditLogScreen } from './audit/audit-log-screen';
import { CollectionDetailsScreen, CollectionsScreen } from './collections-screen';
import { useHeadingFocusOnNavigation } from './heading-focus';
import { MyProfileScreen } from './profile/my-profile-screen';
import { SettingsScreen } from './settings/settings-screen';

/** What the error screen calls each screen (the sidebar's words). */
export const SCREEN_NAMES: Record<ScreenId, string> = {
  accounts: 'Accounts',
  account: 'Account details',
  collections: 'Collections',
  collection: 'Collection details',
  'workspace-settings': 'Workspace settings',
  members: 'All members',
  member: 'Member details',
  teams: 'Teams',
  'audit-log': 'Audit log',
  'orphaned-accounts': 'Orphaned accounts',
  'my-profile': 'My Profile',
  settings: 'Settings',
};

/** One case per route (stores/route-store.ts); admin screens pass their policy gate first. */
export function ScreenRouter() {
  return (
    <>
      <NavAccessSync />
      <CurrentScreen />
    </>
  );
}

function CurrentScreen() {
  const route = useRoute((state) => state.route);
  const { api } = useApp();
  useHeadingFocusOnNavigation(route);
  // One boundary per screen, keyed by the route: a screen that failed stays failed only until the
  // user goes elsewhere, and the next screen starts with a boundary of its own.
  return (
    <ScreenErrorBoundary key={JSON.stringify(route)} screen={SCREEN_NAMES[route.screen]} api={api}>
      <Screen route={route} api={api} />
    </ScreenErrorBoundary>
  );
}

function Screen({ route, api }: { route: Route; api: LatchkeyApi }) {
  switch (route.screen) {
    case 'accounts':
      return <AccountsScreen />;
    case 'account':
      return <AccountDetailsScreen key={route.accountId} accountId={route.accountId} />;
    case 'collections':
      return <CollectionsScreen />;
    case 'collection':
      return <CollectionDetailsScreen key={route.collectionId} collectionId={route.collectionId} />;
    case 'workspace-settings':
      return (
        <AdminGate screen="workspace-settings" title="Workspace settings">
          <WorkspaceSettingsScreen />
        </AdminGate>
      );
    case 'members':
      return (
        <AdminGate screen="members" title="All members">
          <MembersScreen />
        </AdminGate>
      );
    case 'member':
      return (
        <AdminGate screen="member" title="Member details">
          <MemberDetailsScreen key={route.userId} userId={route.userId} />
        </AdminGate>
      );
    case 'teams':
      return (
        <AdminGate screen="teams" title="Teams">
          <TeamsScreen />
        </AdminGate>
      );
    case 'audit-log':
      return (
        <AdminGate screen="audit-log" title="Audit log">
          <AuditLogScreen />
        </AdminGate>
      );
    case 'orphaned-accounts':
      return (
        <AdminGate screen="orphaned-accounts" title="Orphaned accounts">
          <OrphanedAccountsScreen />
        </AdminGate>
      );
    case 'my-profile':
      return <MyProfileScreen />;
    case 'settings':
      return <SettingsScreen api={api} />;
  }
}
