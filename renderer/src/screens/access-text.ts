/**
 * How the UI names roles and access paths ("Owner via team Marketing"), from the domain's
 * `effectiveRole` paths (domain/access.ts).
 */
import type { AccessPath, EffectiveAccess } from '../../../domain/access';
import type { ItemRole, WorkspaceRole } from '../../../domain/records';

export function roleName(role: ItemRole): string {
  return role === 'owner' ? 'Owner' : 'Collaborator';
}

export function workspaceRoleName(role: WorkspaceRole): string {
  const names: Record<WorkspaceRole, string> = {
    owner: 'Owner',
    superAdmin: 'Super Admin',
    admin: 'Admin',
    user: 'User',
    loginOnly: 'Login-only',
  };
  return names[role];
}

export function pathText(path: AccessPath): string {
  switch (path.kind) {
    case 'direct':
      return 'direct share';
    case 'team':
      return `via team ${path.teamName}`;
    case 'collection':
      return `via collection ${path.collectionName}`;
    case 'teamOnCollection':
      return `via team ${path.teamName} on collection ${path.collectionName}`;
  }
}

/**
 * "Owner (direct share)", "Collaborator (via team Marketing)", or the no-role text. `allAccess`:
 * the viewer's own All-Access Mode is on (`seesEverything`), the only way they see an item without a role.
 */
export function accessText(access: EffectiveAccess, allAccess: boolean): string {
  const first = access.paths[0];
  if (access.role === null || first === undefined) {
    return allAccess ? 'No role — visible through your All-Access Mode' : 'No access';
  }
  return `${roleName(access.role)} (${pathText(first)})`;
}
