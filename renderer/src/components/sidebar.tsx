import { useNavAccess } from '../stores/nav-access-store';
import { navigate, type ScreenId, useRoute } from '../stores/route-store';

// Admin entries are listed only for people the domain policy lets open them
// (screens/admin/admin-access.ts); the server refuses the same people anyway.
const entries: ReadonlyArray<{ id: ScreenId; label: string; admin: boolean; covers: ScreenId[] }> = [
  { id: 'accounts', label: 'Accounts', admin: false, covers: ['accounts', 'account'] },
  { id: 'collections', label: 'Collections', admin: false, covers: ['collections', 'collection'] },
  { id: 'workspace-settings', label: 'Workspace settings', admin: true, covers: ['workspace-settings'] },
  { id: 'members', label: 'All members', admin: true, covers: ['members', 'member'] },
  { id: 'teams', label: 'Teams', admin: true, covers: ['teams'] },
  { id: 'audit-log', label: 'Audit log', admin: true, covers: ['audit-log'] },
  { id: 'orphaned-accounts', label: 'Orphaned accounts', admin: true, covers: ['orphaned-accounts'] },
  { id: 'my-profile', label: 'My Profile', admin: false, covers: ['my-profile'] },
  { id: 'settings', label: 'Settings', admin: false, covers: ['settings'] },
];

export function Sidebar() {
  const current = useRoute((state) => state.route.screen);
  const adminScreens = useNavAccess((state) => state.adminScreens);
  const orphaned = useNavAccess((state) => state.orphanedCount);
  return (
    <nav className="sidebar" aria-label="Screens">
      <ul>
        {entries
          .filter((entry) => !entry.admin || adminScreens.includes(entry.id))
          .map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className="sidebar-item"
                aria-current={entry.covers.includes(current) ? 'page' : undefined}
                onClick={() => navigate({ screen: entry.id } as Parameters<typeof navigate>[0])}
              >
                {entry.label}
                {entry.id === 'orphaned-accounts' && orphaned > 0 && (
                  <span className="nav-count" data-testid="orphaned-count">
                    {orphaned}
                  </span>
                )}
              </button>
            </li>
          ))}
      </ul>
    </nav>
  );
}
