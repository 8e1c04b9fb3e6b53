const screens = [
  { id: 'accounts', label: 'Accounts', ready: true },
  { id: 'collections', label: 'Collections', ready: false },
  { id: 'teams', label: 'Teams', ready: false },
  { id: 'okta', label: 'Okta extension', ready: false },
  { id: 'settings', label: 'Settings', ready: false },
] as const;

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Screens">
      <ul>
        {screens.map((screen) => (
          <li key={screen.id}>
            <button
              type="button"
              className="sidebar-item"
              aria-current={screen.id === 'accounts' ? 'page' : undefined}
              disabled={!screen.ready}
              title={screen.ready ? undefined : 'Coming soon'}
            >
              {screen.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
