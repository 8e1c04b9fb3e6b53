/**
 * The policy as data: one row per action, read by `decide` (policy.ts) and rendered as-is by
 * the README and the UI. Every row names the product document it comes from (the vendor's
 * help pages this product was specified from, quoted where it matters); rows those documents do
 * not cover say "Latchkey" and why.
 */
import type { WorkspaceRole } from './records';

export type Action =
  | 'workspace.toggleExtendedAccess'
  | 'workspace.editSettings'
  | 'workspace.manageScimToken'
  | 'workspace.removeAllExtensions'
  | 'workspace.checkOktaConnection'
  | 'users.viewExternalId'
  | 'users.unlinkOkta'
  | 'users.setRole'
  | 'teams.mapRole'
  | 'users.erase'
  | 'me.view'
  | 'me.toggleAllAccess'
  | 'audit.view'
  | 'accounts.recoverOrphaned'
  | 'account.create'
  | 'collection.create'
  | 'account.view'
  | 'account.editDetails'
  | 'account.editLabels'
  | 'account.delete'
  | 'account.extend'
  | 'account.unextend'
  | 'account.syncNow'
  | 'collection.view'
  | 'collection.edit'
  | 'collection.delete'
  | 'collection.extend'
  | 'collection.unextend'
  | 'item.share'
  | 'item.unshare'
  | 'credentials.view'
  | 'credentials.edit'
  | 'okta.seeChiclet'
  | 'account.launch';

export interface PolicyRule {
  /** Completes "Only … can <verb>." in refusal messages. */
  readonly verb: string;
  /** Who may, in one sentence for people. */
  readonly who: string;
  /** The seed document (or "Latchkey: <reason>") the rule comes from. */
  readonly source: string;
  /** Minimum workspace role (owner > superAdmin > admin > user > loginOnly). */
  readonly workspaceRole?: Exclude<WorkspaceRole, 'loginOnly' | 'user'>;
  /** Login-only users are refused even when they hold an item role. */
  readonly notLoginOnly?: true;
  /** The item the action is about; `either` for actions that take accounts and collections. */
  readonly item?: 'account' | 'collection' | 'either';
  /** Item role required: `owner`, or `member` (owner or collaborator). */
  readonly itemRole?: 'owner' | 'member';
  /** Super Admins and Owners with their own All-Access Mode on pass the item-role check (visibility, recovery). */
  readonly allAccessPasses?: true;
  /** The workspace's Extended account access feature must be on. */
  readonly featureOn?: true;
  /** The user must have a SCIM external ID (an Okta identity). */
  readonly oktaIdentity?: true;
}

const EAA = 'extended-account-access.md';
const SYNC = 'sync-and-extend-an-account-to-okta.md';
const TROUBLE = 'troubleshooting-extended-account-access.md';
const SCIM = 'okta-user-provisioning-with-scim.md';

export const POLICY = {
  'workspace.toggleExtendedAccess': {
    verb: 'turn Extended account access on or off',
    who: 'Workspace Admins, Super Admins and Owners',
    source: EAA,
    workspaceRole: 'admin',
  },
  'workspace.editSettings': {
    verb: "change the workspace's settings",
    who: 'Workspace Admins, Super Admins and Owners',
    source: 'Latchkey: the same people who may turn the feature on',
    workspaceRole: 'admin',
  },
  'workspace.manageScimToken': {
    verb: 'manage the SCIM token',
    who: 'Workspace Owners',
    source: SCIM,
    workspaceRole: 'owner',
  },
  'workspace.removeAllExtensions': {
    verb: 'remove every extended account from Okta',
    who: 'Workspace Admins, Super Admins and Owners',
    source: 'release-note-extended-account-access.md',
    workspaceRole: 'admin',
  },
  'workspace.checkOktaConnection': {
    verb: 'check the connection to Okta',
    who: 'Workspace Admins, Super Admins and Owners',
    // Each check is a call to Okta from this server's rate-limit budget: only those who run the feature.
    source: 'Latchkey: the same people who may turn the feature on',
    workspaceRole: 'admin',
  },
  'users.viewExternalId': {
    verb: 'see SCIM external IDs',
    who: 'Workspace Admins, Super Admins and Owners',
    source: TROUBLE,
    workspaceRole: 'admin',
  },
  'users.unlinkOkta': {
    verb: 'unlink a user from their Okta identity',
    who: 'Workspace Admins, Super Admins and Owners',
    // SCIM may link a user once; moving a link is how a leaked SCIM token would take over a user.
    source: `${SCIM}; Latchkey: a linked identity changes only by an admin's unlink`,
    workspaceRole: 'admin',
  },
  'users.setRole': {
    verb: "change members' workspace roles",
    // Which roles each of them may give is decided by decideRoleChange (role-change.ts).
    who: 'Workspace Admins (User, Login-only), Super Admins (also Admin) and Owners (any role); never their own',
    source: 'Latchkey: nobody grants more than they hold, and a workspace always keeps an Owner',
    workspaceRole: 'admin',
  },
  'teams.mapRole': {
    verb: 'map an Okta-pushed team to a workspace role',
    // Members then hold at least that role while Okta keeps them in the group
    // (effectiveWorkspaceRole, workspace-roles.ts); only an Owner may give every role.
    who: 'Workspace Owners, for teams pushed from Okta',
    source: 'Latchkey: role from an Okta group, set by those who may give any role',
    workspaceRole: 'owner',
  },
  'users.erase': {
    verb: "permanently delete a deactivated user's data",
    // Whom (deactivated or removed by Okta, never oneself) is decided by decideErase (user-erasure.ts).
    who: 'Workspace Owners, for users Okta has deactivated or removed; never themselves',
    source: `${SCIM}: "To permanently delete the users' data" of deactivated users; Latchkey: Owners do it in the app`,
    workspaceRole: 'owner',
  },
  'me.view': {
    verb: 'see who they are signed in as',
    who: 'Every active member, Login-only users included, about themselves only',
    // The desktop finds its user among the replicated users by this id: the Okta ids it could
    // match the token with are redacted below Admin.
    source: 'Latchkey: the signed-in person needs their own user record, and nobody else is named by it',
  },
  'me.toggleAllAccess': {
    verb: 'turn All-Access Mode on or off',
    who: 'Workspace Super Admins and Owners, each for themselves',
    source: `${TROUBLE}: "If you or another workspace Super Admin or Owner turns on All-Access Mode … you or this user"`,
    workspaceRole: 'superAdmin',
  },
  'audit.view': {
    verb: 'see the audit log',
    who: 'Workspace Admins, Super Admins and Owners',
    source: 'Latchkey: launch audit is admin information',
    workspaceRole: 'admin',
  },
  'accounts.recoverOrphaned': {
    verb: 'give an account with no Owner left a new Owner',
    who: 'Workspace Admins, Super Admins and Owners, only while the account has no active Owner',
    // Deprovisioning its last Owner leaves an account nobody can edit or share; an admin may
    // name a new Owner then, but never take over an account someone still owns.
    source: `${TROUBLE}: "recover accounts by reassigning Owners"; Latchkey: only accounts with no Owner left`,
    workspaceRole: 'admin',
  },
  'account.create': {
    verb: 'create accounts',
    who: 'Every active member except Login-only users',
    source: `${EAA}: Login-only users cannot access credentials`,
    notLoginOnly: true,
  },
  'collection.create': {
    verb: 'create collections',
    who: 'Every active member except Login-only users',
    source: `${EAA}: Login-only users cannot access credentials`,
    notLoginOnly: true,
  },
  'account.view': {
    verb: 'see it',
    who: 'Account Owners and Collaborators; Super Admins and Owners with their All-Access Mode on',
    source: TROUBLE,
    item: 'account',
    itemRole: 'member',
    allAccessPasses: true,
  },
  'account.editDetails': {
    verb: 'edit its details',
    who: 'Account Owners (not Login-only)',
    // A demoted owner keeps their share; if they could still edit the login URL or selectors,
    // they could send the next collaborator's launch (and password) to a page of their own.
    source: 'Latchkey: the owner decides where and how the account logs in; Login-only users never do',
    notLoginOnly: true,
    item: 'account',
    itemRole: 'owner',
  },
  'account.editLabels': {
    verb: 'edit its labels',
    who: 'Account Owners and Collaborators',
    source: 'Latchkey: labels organise a shared account for everyone using it',
    item: 'account',
    itemRole: 'member',
  },
  'account.delete': {
    verb: 'delete it',
    who: 'Account Owners',
    source: 'Latchkey: only an owner may remove what others use',
    item: 'account',
    itemRole: 'owner',
  },
  'account.extend': {
    verb: 'extend it to Okta',
    who: 'Account Owners (not Login-only), while Extended account access is on',
    source: SYNC,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'owner',
    featureOn: true,
  },
  'account.unextend': {
    verb: 'remove it from Okta',
    who: 'Account Owners (not Login-only), also while Extended account access is off',
    // Turning the feature off freezes Okta as it is; an owner must still be able to take their own
    // account's app out, as an admin can take them all out ("remove all" works while off).
    source: `${SYNC}; Latchkey: removing an app never needs the feature on`,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'owner',
  },
  'account.syncNow': {
    verb: 'sync it with Okta',
    who: 'Account Owners (not Login-only), while Extended account access is on',
    source: TROUBLE,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'owner',
    featureOn: true,
  },
  'collection.view': {
    verb: 'see it',
    who: 'Collection Owners and Collaborators; Super Admins and Owners with their All-Access Mode on',
    source: TROUBLE,
    item: 'collection',
    itemRole: 'member',
    allAccessPasses: true,
  },
  'collection.edit': {
    verb: 'edit it',
    who: 'Collection Owners',
    source: 'Latchkey: as for account details',
    item: 'collection',
    itemRole: 'owner',
  },
  'collection.delete': {
    verb: 'delete it',
    who: 'Collection Owners',
    source: 'Latchkey: as for accounts',
    item: 'collection',
    itemRole: 'owner',
  },
  'collection.extend': {
    verb: 'extend it to Okta',
    who: 'Collection Owners (not Login-only), while Extended account access is on',
    source: EAA,
    notLoginOnly: true,
    item: 'collection',
    itemRole: 'owner',
    featureOn: true,
  },
  'collection.unextend': {
    verb: 'remove it from Okta',
    who: 'Collection Owners (not Login-only), also while Extended account access is off',
    // As for one account: the accounts a collection extends leave Okta with it while the feature is
    // off too, or their owners could not take them out (they cannot un-extend them one by one).
    source: `${EAA}; Latchkey: removing an app never needs the feature on`,
    notLoginOnly: true,
    item: 'collection',
    itemRole: 'owner',
  },
  'item.share': {
    verb: 'share it',
    who: 'Item Owners (not Login-only); Super Admins and Owners with their All-Access Mode on (to recover ownership)',
    source: `${TROUBLE}; Latchkey: Login-only users never change who may use an item`,
    notLoginOnly: true,
    item: 'either',
    itemRole: 'owner',
    allAccessPasses: true,
  },
  'item.unshare': {
    verb: 'remove access to it',
    who: 'Item Owners (not Login-only); Super Admins and Owners with their All-Access Mode on (to recover ownership)',
    source: `${TROUBLE}; Latchkey: Login-only users never change who may use an item`,
    notLoginOnly: true,
    item: 'either',
    itemRole: 'owner',
    allAccessPasses: true,
  },
  'credentials.view': {
    verb: 'see its credentials',
    who: 'Account Owners and Collaborators, except Login-only users',
    source: EAA,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'member',
  },
  'credentials.edit': {
    verb: 'edit its credentials',
    who: 'Account Owners and Collaborators, except Login-only users',
    source: EAA,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'member',
  },
  'okta.seeChiclet': {
    verb: 'see it in Okta',
    who: 'Account Owners and Collaborators with an Okta identity (SCIM external ID), except Login-only users',
    source: `${EAA}; ${TROUBLE}`,
    notLoginOnly: true,
    item: 'account',
    itemRole: 'member',
    oktaIdentity: true,
  },
  'account.launch': {
    verb: 'log in with it',
    who: 'Account Owners and Collaborators through any share, Login-only users included',
    source: `${EAA}: "through any type of share: account, collection, or team"; Latchkey: the desktop fills a Login-only user's login without ever showing the password, which is what that role is for`,
    item: 'account',
    itemRole: 'member',
  },
} as const satisfies Readonly<Record<Action, PolicyRule>>;

export const ACTIONS = Object.keys(POLICY) as Action[];
