/**
 * "May user U do action X on item I, and if not, why?" — answered from the POLICY table
 * (policy-table.ts) so the rules people read and the rules the server enforces are one.
 *
 * Checks run in a fixed order so the reason is the most fundamental one: who you are
 * (unknown, inactive), your workspace role, Login-only, the item, the workspace feature, your
 * item role, your Okta identity.
 */
import { effectiveItemRole, holdersOf, seesEverything } from './access';
import { ACTIONS, type Action, POLICY, type PolicyRule } from './policy-table';
import type { ItemRole, User, WorkspaceRole } from './records';
import { displayName, hasWorkspaceRole, isActiveMember, type WorkspaceIndex } from './workspace-index';

export type { Action, PolicyRule };
export { ACTIONS, POLICY };

export type DenyReason =
  | 'user_inactive'
  | 'user_unknown'
  | 'login_only'
  | 'not_admin'
  | 'not_super_admin'
  | 'not_workspace_owner'
  | 'not_item_owner'
  | 'no_item_role'
  | 'feature_off'
  | 'no_okta_identity'
  | 'item_unknown';

export type Decision = { allowed: true; role?: ItemRole } | { allowed: false; reason: DenyReason; message: string };

export type ItemRef = { type: 'account' | 'collection'; id: string };

/** At most this many names in "Ask an owner: …" so a message stays one line. */
const MAX_NAMES = 3;

export function decide(ws: WorkspaceIndex, userId: string, action: Action, item?: ItemRef): Decision {
  const rule: PolicyRule = POLICY[action];
  const user = ws.users.get(userId);
  if (user === undefined) {
    return deny(
      'user_unknown',
      'You are not a member of this workspace. Ask your IT admin to assign Latchkey to you in Okta.',
    );
  }
  if (!isActiveMember(user)) {
    return deny(
      'user_inactive',
      'Your access to this workspace is deactivated. Ask your IT admin to reactivate you in Okta.',
    );
  }
  if (rule.workspaceRole !== undefined && !hasWorkspaceRole(user.role, rule.workspaceRole)) {
    return denyWorkspaceRole(ws, rule, rule.workspaceRole);
  }
  if (rule.notLoginOnly === true && user.role === 'loginOnly') {
    return deny(
      'login_only',
      `Login-only users cannot ${rule.verb}. Ask a workspace admin to change your role${askList(admins(ws, 'admin'))}`,
    );
  }
  if (rule.item === undefined) return { allowed: true };

  const noun = item?.type === 'collection' ? 'collection' : 'account';
  if (item === undefined || !itemMatches(rule.item, item.type) || !itemExists(ws, item)) {
    return deny('item_unknown', `This ${noun} does not exist or was deleted.`);
  }
  if (rule.featureOn === true && !ws.settings.extendedAccessEnabled) {
    return deny(
      'feature_off',
      `Extended account access is turned off for this workspace, so you cannot ${rule.verb}. Ask an admin to turn it on${askList(admins(ws, 'admin'))}`,
    );
  }

  const access = effectiveItemRole(ws, user.id, item);
  const role = access.role ?? undefined;
  const recovers = rule.allAccessPasses === true && seesEverything(ws, user);
  if (rule.itemRole !== undefined && !recovers) {
    if (access.role === null) {
      // Someone without any role must not learn who owns an item they cannot see.
      return deny(
        'no_item_role',
        `You do not have access to this ${noun}. Ask someone who owns it to share it with you.`,
      );
    }
    if (rule.itemRole === 'owner' && access.role !== 'owner') {
      const owners = itemOwners(ws, item);
      const ask =
        owners.length > 0
          ? `Ask an owner${askList(owners)}`
          : `It has no owner now: ask a workspace admin to give it a new Owner under Orphaned accounts${askList(admins(ws, 'admin'))}`;
      return deny('not_item_owner', `Only the ${noun}'s owners can ${rule.verb}. ${ask}`);
    }
  }
  if (rule.oktaIdentity === true && user.externalId === null) {
    return deny(
      'no_okta_identity',
      'Your user has no Okta identity (SCIM external ID) yet, so Okta cannot show you this account. Ask your IT admin to provision you to Latchkey from Okta.',
    );
  }
  return role === undefined ? { allowed: true } : { allowed: true, role };
}

function deny(reason: DenyReason, message: string): Decision {
  return { allowed: false, reason, message };
}

function denyWorkspaceRole(ws: WorkspaceIndex, rule: PolicyRule, required: WorkspaceRole): Decision {
  const [reason, who, ask]: [DenyReason, string, string] =
    required === 'owner'
      ? ['not_workspace_owner', 'workspace Owners', 'an Owner']
      : required === 'superAdmin'
        ? ['not_super_admin', 'workspace Super Admins and Owners', 'a Super Admin']
        : ['not_admin', 'workspace Admins, Super Admins and Owners', 'an admin'];
  return deny(reason, `Only ${who} can ${rule.verb}. Ask ${ask}${askList(admins(ws, required))}`);
}

/** ": Ada Lovelace, Alan Turing." or "." when there is nobody to name. */
function askList(names: string[]): string {
  if (names.length === 0) return '.';
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `: ${shown} or another.` : `: ${shown}.`;
}

function admins(ws: WorkspaceIndex, atLeast: WorkspaceRole): string[] {
  const found: User[] = [];
  for (const user of ws.users.values()) {
    if (isActiveMember(user) && hasWorkspaceRole(user.role, atLeast)) found.push(user);
  }
  return sortedNames(found);
}

function itemOwners(ws: WorkspaceIndex, item: ItemRef): string[] {
  const found: User[] = [];
  for (const [userId, access] of holdersOf(ws, item)) {
    const user = ws.users.get(userId);
    if (access.role === 'owner' && user !== undefined) found.push(user);
  }
  return sortedNames(found);
}

function sortedNames(users: User[]): string[] {
  return users.map(displayName).sort((a, b) => a.localeCompare(b, 'en'));
}

function itemMatches(expected: NonNullable<PolicyRule['item']>, actual: ItemRef['type']): boolean {
  return expected === 'either' || expected === actual;
}

function itemExists(ws: WorkspaceIndex, item: ItemRef): boolean {
  return item.type === 'account' ? ws.accounts.has(item.id) : ws.collections.has(item.id);
}

/** The policy as a Markdown table (action, who may, source) for the README and docs. */
export function policyMarkdown(): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  const rows = ACTIONS.map((action) => {
    const rule: PolicyRule = POLICY[action];
    return `| \`${action}\` | ${cell(rule.who)} | ${cell(rule.source)} |`;
  });
  return ['| Action | Who may | Source |', '|---|---|---|', ...rows].join('\n');
}
