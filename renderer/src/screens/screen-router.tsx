import { useRoute } from '../stores/route-store';
import { AccountDetailsScreen } from './account-details-screen';
import { AccountsScreen } from './accounts-screen';
import { CollectionDetailsScreen, CollectionsScreen } from './collections-screen';

/** One case per route; admin screens add theirs here (stores/route-store.ts). */
export function ScreenRouter() {
  const route = useRoute((state) => state.route);
  switch (route.screen) {
    case 'accounts':
      return <AccountsScreen />;
    case 'account':
      return <AccountDetailsScreen key={route.accountId} accountId={route.accountId} />;
    case 'collections':
      return <CollectionsScreen />;
    case 'collection':
      return <CollectionDetailsScreen key={route.collectionId} collectionId={route.collectionId} />;
    default:
      return (
        <main className="screen" aria-labelledby="screen-title">
          <h2 id="screen-title">Coming soon</h2>
        </main>
      );
  }
}
