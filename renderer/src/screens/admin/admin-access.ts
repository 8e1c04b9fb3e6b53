/**
 * Which admin screens a person may open, decided by the domain policy (the same `decide` the
 * server runs), so the sidebar hides what the server would refuse anyway and each screen can say
 * why it is closed. Teams share the members' gate: both list the directory Okta provisions.
 */
import { type Action, type Decision, decide } from '../../../../domain/policy';
import type { WorkspaceIndex } from '../../../../domain/workspace-index';

export const ADMIN_SCREENS = {
  'workspace-settings': 'workspace.editSettings',
  members: 'users.viewExternalId',
  member: 'users.viewExternalId',
  teams: 'users.viewExternalId',
  'audit-log': 'audit.view',
  'orphaned-accounts': 'accounts.recoverOrphaned',
} as const satisfies Record<string, Action>;

export type AdminScreen = keyof typeof ADMIN_SCREENS;

const NOT_SIGNED_IN: Decision = {
  allowed: false,
  reason: 'user_unknown',
  message: 'You are not a member of this workspace. Ask your IT admin to assign Latchkey to you in Okta.',
};

export function screenAccess(index: WorkspaceIndex, meId: string | null, screen: AdminScreen): Decision {
  return meId === null ? NOT_SIGNED_IN : decide(index, meId, ADMIN_SCREENS[screen]);
}

/** The admin screens the sidebar lists for this person. */
export function visibleAdminScreens(index: WorkspaceIndex, meId: string | null): AdminScreen[] {
  return (Object.keys(ADMIN_SCREENS) as AdminScreen[]).filter((s) => screenAccess(index, meId, s).allowed);
}
