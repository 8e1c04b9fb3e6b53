import { useApp } from '../app-context';
import { ExtendedAccessPanel } from './extended-access-panel';
import { OktaConnectionPanel } from './okta-connection-panel';
import { OktaStatus } from './okta-status';
import { OktaSweepPanel } from './okta-sweep-panel';
import { ScimTokenPanel } from './scim-token-panel';
import { useServerData } from './use-server-data';

/** Workspace settings (Admins and above; the gate is in screen-router.tsx). */
export function WorkspaceSettingsScreen() {
  const { view } = useApp();
  const okta = useServerData('/api/v1/okta/status', OktaStatus);
  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Workspace settings</h2>
      <p className="muted">{view.index.settings.name}</p>
      <ExtendedAccessPanel onChanged={okta.reload} />
      <OktaConnectionPanel status={okta.state} reload={okta.reload} />
      <OktaSweepPanel status={okta.state} />
      <ScimTokenPanel />
    </main>
  );
}
