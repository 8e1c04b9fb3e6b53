/**
 * The settings switches that travel by replication: the change goes into the replica (works
 * offline), the server authorises it per switch (sync-server/replication/authorize-change.ts) and
 * a refusal comes back as a conflict whose reason the sync issues list shows.
 * Extended account access is NOT switched here: it goes through its API route, which also queues
 * the Okta work and answers what stays in Okta.
 */
import { WORKSPACE_SETTINGS_ID } from '../../../../domain/records';
import type { ReplicaHandle } from '../../replica/replica-store';

export class SettingsWriteError extends Error {
  override name = 'SettingsWriteError';
  constructor(
    readonly code: 'no_settings',
    message: string,
  ) {
    super(message);
  }
}

export async function setAllAccessMode(h: ReplicaHandle, on: boolean): Promise<void> {
  const doc = await h.replica.collections.settings.findOne(WORKSPACE_SETTINGS_ID).exec();
  if (!doc) throw new SettingsWriteError('no_settings', 'The workspace settings have not reached this device yet.');
  await doc.incrementalPatch({ allAccessMode: on });
  h.pending.add('settings', WORKSPACE_SETTINGS_ID);
}
