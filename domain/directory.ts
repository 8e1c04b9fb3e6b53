/**
 * The people directory a user's replica holds: users and teams are visible to every active
 * member, because sharing needs them; deactivated and removed users stay visible to admins
 * only ("their data remains available to other … admins as disabled users",
 * okta-user-provisioning-with-scim.md); the SCIM external ID only to admins and above
 * (troubleshooting-extended-account-access.md, via `redactUserFor`).
 */
import { redactUserFor } from './access';
import type { Team, User } from './records';
import { hasWorkspaceRole, isActiveMember, type WorkspaceIndex } from './workspace-index';

export interface Directory {
  users: User[];
  teams: Team[];
}

export function directoryFor(ws: WorkspaceIndex, viewerId: string): Directory {
  const viewer = ws.users.get(viewerId);
  if (!isActiveMember(viewer)) return { users: [], teams: [] };
  const isAdmin = hasWorkspaceRole(viewer.role, 'admin');
  const users: User[] = [];
  for (const user of ws.users.values()) {
    if (isAdmin || isActiveMember(user)) users.push(redactUserFor(ws, viewerId, user));
  }
  return { users, teams: [...ws.teams.values()] };
}
