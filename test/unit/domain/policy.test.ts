import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type DenyReason,
  decide,
  type ItemRef,
  POLICY,
  policyMarkdown,
} from '../../../domain/policy';
import { type Mode, type Person, workspace } from './policy-fixture';

type Case = [Action, Person, ItemRef | undefined, 'allow' | DenyReason, Mode?];

const INSTA: ItemRef = { type: 'account', id: 'insta' };
const ORPHAN: ItemRef = { type: 'account', id: 'orphan' };
const SOCIAL: ItemRef = { type: 'collection', id: 'social' };
const GONE: ItemRef = { type: 'account', id: 'gone' };
/** Everyone's own mode on, a plain Admin's and a plain User's included: only Super Admins and Owners count. */
const ALL_ACCESS: Mode = { allAccess: ['olga', 'sam', 'adam', 'stan', 'ivan'] };
/** Only the Owner's mode is on: it shows the Owner everything, and nobody else anything more. */
const OLGA_ONLY: Mode = { allAccess: ['olga'] };
const FEATURE_OFF: Mode = { extendedAccessEnabled: false };

/** Every row of the policy, each allowed and each refused case with its reason. */
const CASES: Case[] = [
  ['workspace.toggleExtendedAccess', 'olga', undefined, 'allow'],
  ['workspace.toggleExtendedAccess', 'sam', undefined, 'allow'],
  ['workspace.toggleExtendedAccess', 'adam', undefined, 'allow'],
  ['workspace.toggleExtendedAccess', 'ada', undefined, 'not_admin'],
  ['workspace.toggleExtendedAccess', 'lina', undefined, 'not_admin'],
  ['workspace.toggleExtendedAccess', 'ivan', undefined, 'user_inactive'],
  ['workspace.toggleExtendedAccess', 'rita', undefined, 'user_inactive'],
  ['workspace.toggleExtendedAccess', 'ghost', undefined, 'user_unknown'],
  ['me.view', 'olga', undefined, 'allow'],
  ['me.view', 'lina', undefined, 'allow'],
  ['me.view', 'nora', undefined, 'allow'],
  ['me.view', 'ivan', undefined, 'user_inactive'],
  ['me.view', 'rita', undefined, 'user_inactive'],
  ['me.view', 'ghost', undefined, 'user_unknown'],
  ['me.toggleAllAccess', 'olga', undefined, 'allow'],
  ['me.toggleAllAccess', 'sam', undefined, 'allow'],
  ['me.toggleAllAccess', 'adam', undefined, 'not_super_admin'],
  ['me.toggleAllAccess', 'ada', undefined, 'not_super_admin'],
  ['me.toggleAllAccess', 'lina', undefined, 'not_super_admin'],
  ['me.toggleAllAccess', 'ivan', undefined, 'user_inactive'],
  ['workspace.editSettings', 'adam', undefined, 'allow'],
  ['workspace.editSettings', 'ada', undefined, 'not_admin'],
  ['workspace.manageScimToken', 'olga', undefined, 'allow'],
  ['workspace.manageScimToken', 'sam', undefined, 'not_workspace_owner'],
  ['workspace.manageScimToken', 'adam', undefined, 'not_workspace_owner'],
  ['workspace.removeAllExtensions', 'adam', undefined, 'allow'],
  ['workspace.removeAllExtensions', 'ada', undefined, 'not_admin'],
  ['workspace.checkOktaConnection', 'adam', undefined, 'allow'],
  ['workspace.checkOktaConnection', 'ada', undefined, 'not_admin'],
  ['users.viewExternalId', 'adam', undefined, 'allow'],
  ['users.viewExternalId', 'sam', undefined, 'allow'],
  ['users.viewExternalId', 'ada', undefined, 'not_admin'],
  ['users.unlinkOkta', 'adam', undefined, 'allow'],
  ['users.unlinkOkta', 'ada', undefined, 'not_admin'],
  ['users.unlinkOkta', 'lina', undefined, 'not_admin'],
  ['users.setRole', 'adam', undefined, 'allow'],
  ['users.setRole', 'ada', undefined, 'not_admin'],
  ['users.setRole', 'ivan', undefined, 'user_inactive'],
  ['users.erase', 'olga', undefined, 'allow'],
  ['users.erase', 'sam', undefined, 'not_workspace_owner'],
  ['users.erase', 'adam', undefined, 'not_workspace_owner'],
  ['users.erase', 'ada', undefined, 'not_workspace_owner'],
  ['teams.mapRole', 'olga', undefined, 'allow'],
  ['teams.mapRole', 'sam', undefined, 'not_workspace_owner'],
  ['teams.mapRole', 'adam', undefined, 'not_workspace_owner'],
  ['teams.mapRole', 'ada', undefined, 'not_workspace_owner'],
  ['audit.view', 'olga', undefined, 'allow'],
  ['audit.view', 'colin', undefined, 'not_admin'],
  ['accounts.recoverOrphaned', 'adam', undefined, 'allow'],
  ['accounts.recoverOrphaned', 'sam', undefined, 'allow'],
  ['accounts.recoverOrphaned', 'ada', undefined, 'not_admin'],
  ['accounts.recoverOrphaned', 'lina', undefined, 'not_admin'],
  ['accounts.recoverOrphaned', 'ivan', undefined, 'user_inactive'],
  ['account.create', 'stan', undefined, 'allow'],
  ['account.create', 'lina', undefined, 'login_only'],
  ['account.create', 'ivan', undefined, 'user_inactive'],
  ['collection.create', 'stan', undefined, 'allow'],
  ['collection.create', 'lina', undefined, 'login_only'],
  ['account.view', 'ada', INSTA, 'allow'],
  ['account.view', 'colin', INSTA, 'allow'],
  ['account.view', 'lina', INSTA, 'allow'],
  ['account.view', 'stan', INSTA, 'no_item_role'],
  ['account.view', 'adam', INSTA, 'no_item_role'],
  ['account.view', 'sam', INSTA, 'no_item_role'],
  ['account.view', 'sam', INSTA, 'allow', ALL_ACCESS],
  ['account.view', 'olga', INSTA, 'allow', OLGA_ONLY],
  // Another Super Admin's or Owner's mode changes nothing for you.
  ['account.view', 'sam', INSTA, 'no_item_role', OLGA_ONLY],
  // A plain Admin never sees everything, even with the flag set on their record.
  ['account.view', 'adam', INSTA, 'no_item_role', ALL_ACCESS],
  ['account.view', 'stan', INSTA, 'no_item_role', ALL_ACCESS],
  ['account.view', 'ivan', INSTA, 'user_inactive', ALL_ACCESS],
  ['account.view', 'ivan', INSTA, 'user_inactive'],
  ['account.view', 'ada', GONE, 'item_unknown'],
  ['account.view', 'ada', SOCIAL, 'item_unknown'],
  ['account.view', 'ada', undefined, 'item_unknown'],
  ['account.editDetails', 'ada', INSTA, 'allow'],
  ['account.editDetails', 'colin', INSTA, 'not_item_owner'],
  ['account.editDetails', 'stan', INSTA, 'no_item_role'],
  ['account.editDetails', 'sam', INSTA, 'no_item_role', ALL_ACCESS],
  // A demoted owner keeps their share but must not point the login URL or selectors elsewhere.
  ['account.editDetails', 'lara', INSTA, 'login_only'],
  ['account.editLabels', 'colin', INSTA, 'allow'],
  ['account.editLabels', 'stan', INSTA, 'no_item_role'],
  ['account.delete', 'ada', INSTA, 'allow'],
  ['account.delete', 'colin', INSTA, 'not_item_owner'],
  ['account.extend', 'ada', INSTA, 'allow'],
  ['account.extend', 'ada', INSTA, 'feature_off', FEATURE_OFF],
  ['account.extend', 'colin', INSTA, 'not_item_owner'],
  ['account.extend', 'lara', INSTA, 'login_only'],
  ['account.extend', 'stan', INSTA, 'no_item_role'],
  ['account.extend', 'colin', ORPHAN, 'not_item_owner'],
  ['account.extend', 'sam', INSTA, 'no_item_role', ALL_ACCESS],
  ['account.unextend', 'ada', INSTA, 'allow'],
  // An owner takes their own account's app out of Okta while the feature is off, too.
  ['account.unextend', 'ada', INSTA, 'allow', FEATURE_OFF],
  ['account.unextend', 'colin', INSTA, 'not_item_owner'],
  ['account.unextend', 'colin', INSTA, 'not_item_owner', FEATURE_OFF],
  ['account.unextend', 'lara', INSTA, 'login_only', FEATURE_OFF],
  ['account.syncNow', 'ada', INSTA, 'allow'],
  ['account.syncNow', 'ada', INSTA, 'feature_off', FEATURE_OFF],
  ['account.syncNow', 'lara', INSTA, 'login_only'],
  ['collection.view', 'colin', SOCIAL, 'allow'],
  ['collection.view', 'stan', SOCIAL, 'no_item_role'],
  ['collection.view', 'sam', SOCIAL, 'allow', ALL_ACCESS],
  ['collection.view', 'sam', SOCIAL, 'no_item_role', OLGA_ONLY],
  ['collection.view', 'adam', SOCIAL, 'no_item_role', ALL_ACCESS],
  ['collection.view', 'colin', INSTA, 'item_unknown'],
  ['collection.edit', 'ada', SOCIAL, 'allow'],
  ['collection.edit', 'colin', SOCIAL, 'not_item_owner'],
  ['collection.delete', 'ada', SOCIAL, 'allow'],
  ['collection.delete', 'nora', SOCIAL, 'not_item_owner'],
  ['collection.extend', 'ada', SOCIAL, 'allow'],
  ['collection.extend', 'ada', SOCIAL, 'feature_off', FEATURE_OFF],
  ['collection.extend', 'colin', SOCIAL, 'not_item_owner'],
  ['collection.unextend', 'ada', SOCIAL, 'allow'],
  // Un-extending a collection takes its accounts out of Okta while the feature is off, too.
  ['collection.unextend', 'ada', SOCIAL, 'allow', FEATURE_OFF],
  ['collection.unextend', 'colin', SOCIAL, 'not_item_owner'],
  ['item.share', 'ada', INSTA, 'allow'],
  ['item.share', 'ada', SOCIAL, 'allow'],
  ['item.share', 'lara', INSTA, 'login_only'],
  ['item.share', 'colin', INSTA, 'not_item_owner'],
  ['item.share', 'adam', ORPHAN, 'no_item_role'],
  ['item.share', 'sam', ORPHAN, 'allow', ALL_ACCESS],
  ['item.share', 'sam', ORPHAN, 'no_item_role', OLGA_ONLY],
  ['item.share', 'adam', ORPHAN, 'no_item_role', ALL_ACCESS],
  ['item.share', 'stan', ORPHAN, 'no_item_role', ALL_ACCESS],
  ['item.unshare', 'ada', INSTA, 'allow'],
  ['item.unshare', 'olga', SOCIAL, 'allow', ALL_ACCESS],
  ['item.unshare', 'olga', SOCIAL, 'no_item_role'],
  ['item.unshare', 'adam', SOCIAL, 'no_item_role', ALL_ACCESS],
  ['item.unshare', 'colin', SOCIAL, 'not_item_owner'],
  ['item.unshare', 'ada', GONE, 'item_unknown'],
  ['item.unshare', 'lara', INSTA, 'login_only'],
  ['credentials.view', 'ada', INSTA, 'allow'],
  ['credentials.view', 'colin', INSTA, 'allow'],
  ['credentials.view', 'nora', INSTA, 'allow'],
  ['credentials.view', 'lina', INSTA, 'login_only'],
  ['credentials.view', 'sam', INSTA, 'no_item_role', ALL_ACCESS],
  ['credentials.view', 'olga', INSTA, 'no_item_role', ALL_ACCESS],
  ['credentials.view', 'stan', INSTA, 'no_item_role'],
  ['credentials.view', 'ivan', INSTA, 'user_inactive'],
  ['credentials.edit', 'colin', INSTA, 'allow'],
  ['credentials.edit', 'lina', INSTA, 'login_only'],
  ['okta.seeChiclet', 'ada', INSTA, 'allow'],
  ['okta.seeChiclet', 'colin', INSTA, 'allow'],
  ['okta.seeChiclet', 'nora', INSTA, 'no_okta_identity'],
  ['okta.seeChiclet', 'lina', INSTA, 'login_only'],
  ['okta.seeChiclet', 'ivan', INSTA, 'user_inactive'],
  ['okta.seeChiclet', 'rita', INSTA, 'user_inactive'],
  ['okta.seeChiclet', 'sam', INSTA, 'no_item_role', ALL_ACCESS],
  ['account.launch', 'colin', INSTA, 'allow'],
  ['account.launch', 'nora', INSTA, 'allow'],
  ['account.launch', 'lina', INSTA, 'allow'],
  ['account.launch', 'stan', INSTA, 'no_item_role'],
  ['account.launch', 'rita', INSTA, 'user_inactive'],
  ['account.launch', 'sam', INSTA, 'no_item_role', ALL_ACCESS],
];

describe('decide', () => {
  it.each(CASES)('%s by %s on %o → %s %o', (action, person, item, expected, mode) => {
    const decision = decide(workspace(mode), person, action, item);
    if (expected === 'allow') {
      expect(decision).toMatchObject({ allowed: true });
    } else {
      expect(decision).toMatchObject({ allowed: false, reason: expected });
      if (!decision.allowed) expect(decision.message).toMatch(/^[A-Z].+\.$/);
    }
  });

  it('covers every action in the table with at least one allowed and one refused case', () => {
    for (const action of ACTIONS) {
      const outcomes = CASES.filter((c) => c[0] === action).map((c) => c[3]);
      expect(outcomes, action).toContain('allow');
      expect(
        outcomes.some((o) => o !== 'allow'),
        action,
      ).toBe(true);
    }
  });

  it('reports the item role that allowed an item action', () => {
    expect(decide(workspace(), 'ada', 'account.launch', INSTA)).toEqual({ allowed: true, role: 'owner' });
    expect(decide(workspace(), 'colin', 'account.launch', INSTA)).toEqual({ allowed: true, role: 'collaborator' });
    expect(decide(workspace(ALL_ACCESS), 'sam', 'account.view', INSTA)).toEqual({ allowed: true });
    expect(decide(workspace(), 'adam', 'audit.view')).toEqual({ allowed: true });
  });
});

describe('refusal messages', () => {
  function message(action: Action, person: Person, item?: ItemRef, mode?: Mode): string {
    const decision = decide(workspace(mode), person, action, item);
    if (decision.allowed) throw new Error(`expected ${person} to be refused ${action}`);
    return decision.message;
  }

  it("name the account's active owners to ask, and nobody who cannot help", () => {
    const text = message('account.extend', 'colin', INSTA);
    expect(text).toBe("Only the account's owners can extend it to Okta. Ask an owner: Ada Lovelace, Lara Loginowner.");
    expect(text).not.toMatch(/Ivan|Rita/);
  });

  it('send people to a Super Admin when an item has no owner left', () => {
    expect(message('item.share', 'colin', ORPHAN)).toBe(
      "Only the account's owners can share it. It has no owner now: ask a workspace admin to give it a new Owner under Orphaned accounts: Adam Admin, Olga Owner, Sam Super.",
    );
  });

  it('do not reveal who owns an item to someone without access to it', () => {
    expect(message('account.editDetails', 'stan', INSTA)).toBe(
      'You do not have access to this account. Ask someone who owns it to share it with you.',
    );
  });

  it('name the admins who can change a workspace setting', () => {
    expect(message('workspace.toggleExtendedAccess', 'ada')).toBe(
      'Only workspace Admins, Super Admins and Owners can turn Extended account access on or off. Ask an admin: Adam Admin, Olga Owner, Sam Super.',
    );
    expect(message('workspace.manageScimToken', 'sam')).toBe(
      'Only workspace Owners can manage the SCIM token. Ask an Owner: Olga Owner.',
    );
  });

  it('explain a switched-off feature, Login-only and a missing Okta identity', () => {
    expect(message('account.extend', 'ada', INSTA, FEATURE_OFF)).toMatch(
      /^Extended account access is turned off .* Ask an admin to turn it on: Adam Admin/,
    );
    expect(message('credentials.view', 'lina', INSTA)).toMatch(/^Login-only users cannot see its credentials\./);
    expect(message('okta.seeChiclet', 'nora', INSTA)).toMatch(/no Okta identity \(SCIM external ID\)/);
  });
});

describe('the policy table', () => {
  it('describes every action for people and cites where it comes from', () => {
    for (const action of ACTIONS) {
      const rule = POLICY[action];
      expect(rule.who.length, action).toBeGreaterThan(0);
      expect(rule.source.length, action).toBeGreaterThan(0);
      expect(rule.verb.length, action).toBeGreaterThan(0);
    }
  });
});

describe('policyMarkdown', () => {
  it('renders one row per action with who may do it', () => {
    const lines = policyMarkdown().split('\n');
    expect(lines).toHaveLength(ACTIONS.length + 2);
    expect(lines).toContain(
      '| `me.toggleAllAccess` | Workspace Super Admins and Owners, each for themselves | troubleshooting-extended-account-access.md: "If you or another workspace Super Admin or Owner turns on All-Access Mode … you or this user" |',
    );
  });
});
