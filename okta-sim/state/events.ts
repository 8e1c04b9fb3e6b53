import type { SimApp, SimGroup, SimUser } from './records';

/**
 * What happened in the org, as Okta's provisioning engine would observe it. The Management API
 * and the admin helpers report changes here; the SCIM client reacts to those that concern the
 * app integration it provisions for.
 */
export interface OrgEvents {
  appUserAssigned(app: SimApp, user: SimUser): void;
  appUserUnassigned(app: SimApp, user: SimUser): void;
  appGroupAssigned(app: SimApp, group: SimGroup): void;
  appGroupUnassigned(app: SimApp, group: SimGroup): void;
  userProfileChanged(user: SimUser): void;
  userDeactivated(user: SimUser): void;
  userActivated(user: SimUser): void;
  groupMemberAdded(group: SimGroup, user: SimUser): void;
  groupMemberRemoved(group: SimGroup, user: SimUser): void;
  groupRenamed(group: SimGroup): void;
}

export const NO_EVENTS: OrgEvents = {
  appUserAssigned: () => {},
  appUserUnassigned: () => {},
  appGroupAssigned: () => {},
  appGroupUnassigned: () => {},
  userProfileChanged: () => {},
  userDeactivated: () => {},
  userActivated: () => {},
  groupMemberAdded: () => {},
  groupMemberRemoved: () => {},
  groupRenamed: () => {},
};
