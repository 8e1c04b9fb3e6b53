import type { ReactNode } from 'react';
import { useApp } from '../app-context';
import { type AdminScreen, screenAccess } from './admin-access';

/**
 * Opens an admin screen only for those the policy allows; anyone else (a stale route, a role
 * just lowered by SCIM) sees why and whom to ask instead of a screen the server would refuse.
 */
export function AdminGate({ screen, title, children }: { screen: AdminScreen; title: string; children: ReactNode }) {
  const { view, me } = useApp();
  if (view.loading) {
    return (
      <main className="screen" aria-labelledby="screen-title" aria-busy="true">
        <h2 id="screen-title">{title}</h2>
        <p className="empty-state">Loading the workspace…</p>
      </main>
    );
  }
  const access = screenAccess(view.index, me?.id ?? null, screen);
  if (access.allowed) return <>{children}</>;
  return (
    <main className="screen" aria-labelledby="screen-title">
      <h2 id="screen-title">{title}</h2>
      <p className="notice" role="alert">
        {access.message}
      </p>
    </main>
  );
}
