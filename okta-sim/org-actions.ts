import { oktaErrors } from './api/errors';
import type { Directory } from './state/directory';
import type { OrgEvents } from './state/events';
import type { SimApp, SimGroup, SimUser, UserProfile } from './state/records';

/**
 * The org's state changes with Okta's rules, shared by the Management API routes and the
 * simulator's admin helpers so both trigger the same provisioning events.
 */
export class OrgActions {
  constructor(
    readonly directory: Directory,
    private readonly events: () => OrgEvents,
  ) {}

  user(idOrLogin: string): SimUser {
    const u = this.directory.findUser(idOrLogin);
    if (!u) throw oktaErrors.notFound(idOrLogin, 'User');
    return u;
  }

  group(id: string): SimGroup {
    const g = this.directory.groups.get(id);
    if (!g) throw oktaErrors.notFound(id, 'UserGroup');
    return g;
  }

  app(id: string): SimApp {
    const a = this.directory.apps.get(id);
    if (!a) throw oktaErrors.notFound(id, 'AppInstance');
    return a;
  }

  createUser(profile: UserProfile, password: string | undefined, activate: boolean): SimUser {
    if (this.directory.findUser(profile.login)?.profile.login.toLowerCase() === profile.login.toLowerCase()) {
      throw oktaErrors.validation('login', [
        'login: An object with this field already exists in the current organization',
      ]);
    }
    // Users API, "Create a user": activated without a password, a user is PROVISIONED until
    // they set one; with a password, ACTIVE; not activated, STAGED.
    const status = !activate ? 'STAGED' : password ? 'ACTIVE' : 'PROVISIONED';
    return this.directory.addUser({ password: password ?? '', status, profile });
  }

  updateProfile(user: SimUser, patch: Partial<UserProfile>): void {
    this.directory.updateProfile(user, patch);
    this.events().userProfileChanged(user);
  }

  deactivateUser(user: SimUser): void {
    if (user.status === 'DEPROVISIONED') return;
    this.directory.setUserStatus(user, 'DEPROVISIONED');
    this.events().userDeactivated(user);
  }

  /** `lifecycle/activate`: STAGED, PROVISIONED or DEPROVISIONED users become ACTIVE. */
  activateUser(user: SimUser): void {
    if (user.status === 'ACTIVE') throw oktaErrors.alreadyActive();
    this.directory.setUserStatus(user, 'ACTIVE');
    this.events().userActivated(user);
  }

  /** `lifecycle/reactivate`: only for users still PROVISIONED (never signed in), as Okta documents. */
  reactivateUser(user: SimUser): void {
    if (user.status !== 'PROVISIONED') throw oktaErrors.forbiddenStatus();
    this.directory.setUserStatus(user, 'ACTIVE');
    this.events().userActivated(user);
  }

  setMembership(group: SimGroup, user: SimUser, member: boolean): void {
    if (!this.directory.setMembership(group, user.id, member)) return;
    if (member) this.events().groupMemberAdded(group, user);
    else this.events().groupMemberRemoved(group, user);
  }

  updateGroup(group: SimGroup, profile: { name: string; description?: string | undefined }): void {
    const renamed = group.profile.name !== profile.name;
    group.profile = { name: profile.name, description: profile.description ?? group.profile.description };
    group.lastUpdated = this.directory.stamp();
    if (renamed) this.events().groupRenamed(group);
  }

  assignUser(app: SimApp, user: SimUser): void {
    if (this.directory.assignUser(app, user.id)) this.events().appUserAssigned(app, user);
  }

  unassignUser(app: SimApp, user: SimUser): void {
    if (!app.users.delete(user.id)) throw oktaErrors.notFound(user.id, 'AppUser');
    this.directory.touchApp(app);
    this.events().appUserUnassigned(app, user);
  }

  assignGroup(app: SimApp, group: SimGroup, priority?: number): void {
    if (this.directory.assignGroup(app, group.id, priority)) this.events().appGroupAssigned(app, group);
  }

  unassignGroup(app: SimApp, group: SimGroup): void {
    if (!app.groups.delete(group.id)) throw oktaErrors.notFound(group.id, 'ApplicationGroupAssignment');
    this.directory.touchApp(app);
    this.events().appGroupUnassigned(app, group);
  }
}
