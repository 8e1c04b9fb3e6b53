import { navigate, type ScreenId, useRoute } from '../stores/route-store';

// The admin screens (workspace settings, members, teams, audit log, my profile) are added by the
// admin-screens work: set `ready` and add their case to screens/screen-router.tsx.
const entries: ReadonlyArray<{ id: ScreenId; label: string; ready: boolean; covers: ScreenId[] }> = [
  { id: 'accounts', label: 'Accounts', ready: true, covers: ['accounts', 'account'] },
  { id: 'collections', label: 'Collections', ready: true, covers: ['collections', 'collection'] },
  { id: 'workspace-settings', label: 'Workspace settings', ready: false, covers: ['workspace-settings'] },
  { id: 'members', label: 'All members', ready: false, covers: ['members'] },
  { id: 'teams', label: 'Teams', ready: false, covers: ['teams'] },
  { id: 'audit-log', label: 'Audit log', ready: false, covers: ['audit-log'] },
  { id: 'my-profile', label: 'My Profile', ready: false, covers: ['my-profile'] },
];

export function Sidebar() {
  const current = useRoute((state) => state.route.screen);
  return (
    <nav className="sidebar" aria-label="Screens">
      <ul>
        {entries.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="sidebar-item"
              aria-current={entry.covers.includes(current) ? 'page' : undefined}
              disabled={!entry.ready}
              title={entry.ready ? undefined : 'Coming soon'}
              onClick={() => navigate({ screen: entry.id } as Parameters<typeof navigate>[0])}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
