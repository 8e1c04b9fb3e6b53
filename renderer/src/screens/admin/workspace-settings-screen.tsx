import { useApp } from '../app-context';
import { ExtendedAccessPanel } from './extended-access-panel';
import { OktaConnectionPanel } from './okta-connection-panel';
import { OktaSweepPanel } from './okta-sweep-panel';
import { ScimTokenPanel } from './scim-token-panel';
import { useOktaStatus } from './use-okta-status';

/** Workspace settings (Admins and above; the gate is in screen-router.tsx). */
export function WorkspaceSettingsScreen() {
  const { view } = useApp();
  const okta = useOktaStatus(true);
  return (
    <main className="screen adm-screen" aria-labelledby="screen-title">
      <h2 id="screen-title">Workspace settings</h2>
      <p className="muted">{view.index.settings.name}</p>
      <ExtendedAccessPanel status={okta.state} onChanged={okta.reload} />
      <OktaConnectionPanel status={okta.state} reload={okta.reload} />
      <OktaSweepPanel status={okta.state} />
      <ScimTokenPanel />
    </main>
  );
}
