import type { ParsedSeed } from '../seed';
import { oktaId } from './ids';
import type { AppStatus, SimApp, SimGroup, SimUser, UserProfile, UserStatus } from './records';

/**
 * The simulated org's Universal Directory and app catalogue. Plain data with the few rules Okta
 * enforces on it; HTTP shapes, auth and side effects (SCIM) live elsewhere.
 */
export class Directory {
  readonly users = new Map<string, SimUser>();
  readonly groups = new Map<string, SimGroup>();
  readonly apps = new Map<string, SimApp>();
  /**
   * Eventually consistent search: a new app reaches the index behind `q` and `filter` only `ms`
   * after it is created, on the `now` clock (its own, so tests can hold it still while the rate
   * limiter's clock runs). Reads by id and unfiltered lists see it at once. Off (0) by default.
   */
  searchLag: { ms: number; now: () => number } = { ms: 0, now: () => Date.now() };
  #seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  stamp(): string {
    return this.now().toISOString();
  }

  static fromSeed(seed: ParsedSeed, now?: () => Date): Directory {
    const dir = new Directory(now);
    for (const u of seed.users) {
      const { id, password, status, ...profile } = u;
      dir.addUser({ id, password, status, profile: { ...profile } });
    }
    for (const g of seed.groups) {
      const group = dir.addGroup({ id: g.id, name: g.name, description: g.description });
      for (const m of g.members) group.members.add(m);
    }
    return dir;
  }

  addUser(input: { id?: string; password: string; status: UserStatus; profile: UserProfile }): SimUser {
    const at = this.stamp();
    const active = input.status === 'ACTIVE';
    const user: SimUser = {
      seq: this.nextSeq(),
      id: input.id ?? oktaId('00u'),
      status: input.status,
      created: at,
      activated: active ? at : null,
      statusChanged: active ? at : null,
      lastLogin: null,
      lastUpdated: at,
      passwordChanged: at,
      profile: input.profile,
      password: input.password,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Okta's `GET /api/v1/users/{id}` accepts an id, a login, or a login shortname. */
  findUser(idOrLogin: string): SimUser | undefined {
    const byId = this.users.get(idOrLogin);
    if (byId) return byId;
    const needle = idOrLogin.toLowerCase();
    for (const u of this.users.values()) {
      if (u.profile.login.toLowerCase() === needle) return u;
    }
    for (const u of this.users.values()) {
      if (u.profile.login.toLowerCase().split('@')[0] === needle) return u;
    }
    return undefined;
  }

  setUserStatus(user: SimUser, status: UserStatus): void {
    const at = this.stamp();
    user.status = status;
    user.statusChanged = at;
    user.lastUpdated = at;
    if (status === 'ACTIVE' && !user.activated) user.activated = at;
  }

  updateProfile(user: SimUser, patch: Partial<UserProfile>): void {
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) user.profile[k] = v;
    }
    user.lastUpdated = this.stamp();
  }

  addGroup(input: { id?: string; name: string; description: string }): SimGroup {
    const at = this.stamp();
    const group: SimGroup = {
      seq: this.nextSeq(),
      id: input.id ?? oktaId('00g'),
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile: { name: input.name, description: input.description },
      members: new Set(),
    };
    this.groups.set(group.id, group);
    return group;
  }

  /** Returns false when nothing changed (Okta answers 204 either way). */
  setMembership(group: SimGroup, userId: string, member: boolean): boolean {
    const had = group.members.has(userId);
    if (had === member) return false;
    if (member) group.members.add(userId);
    else group.members.delete(userId);
    group.lastMembershipUpdated = this.stamp();
    return true;
  }

  addApp(input: {
    id?: string;
    name: string;
    label: string;
    signOnMode: SimApp['signOnMode'];
    url: string | null;
    requestIntegration?: boolean;
    hiddenOnWeb?: boolean;
    status?: AppStatus;
    oauthClientId?: string;
  }): SimApp {
    const at = this.stamp();
    const app: SimApp = {
      seq: this.nextSeq(),
      id: input.id ?? oktaId('0oa'),
      name: input.name,
      label: input.label,
      status: input.status ?? 'ACTIVE',
      created: at,
      lastUpdated: at,
      signOnMode: input.signOnMode,
      url: input.url,
      requestIntegration: input.requestIntegration ?? false,
      hiddenOnWeb: input.hiddenOnWeb ?? false,
      searchableAt: this.searchLag.now() + this.searchLag.ms,
      ...(input.oauthClientId === undefined ? {} : { oauthClientId: input.oauthClientId }),
      users: new Map(),
      groups: new Map(),
    };
    this.apps.set(app.id, app);
    return app;
  }

  /** Whether `q` / `filter` searches find the app yet (see `searchLag`). */
  searchable(app: SimApp): boolean {
    return this.searchLag.now() >= app.searchableAt;
  }

  touchApp(app: SimApp): void {
    app.lastUpdated = this.stamp();
  }

  /** Returns false when the user was already directly assigned. */
  assignUser(app: SimApp, userId: string): boolean {
    const existing = app.users.get(userId);
    const at = this.stamp();
    if (existing) {
      existing.lastUpdated = at;
      return false;
    }
    app.users.set(userId, { seq: this.nextSeq(), userId, created: at, lastUpdated: at, scope: 'USER' });
    return true;
  }

  assignGroup(app: SimApp, groupId: string, priority?: number): boolean {
    const existing = app.groups.get(groupId);
    if (existing) {
      existing.lastUpdated = this.stamp();
      if (priority !== undefined) existing.priority = priority;
      return false;
    }
    app.groups.set(groupId, {
      seq: this.nextSeq(),
      groupId,
      priority: priority ?? app.groups.size,
      lastUpdated: this.stamp(),
    });
    return true;
  }

  /** Whether a user may use an app: assigned directly, or through a group assigned to the app. */
  isAssigned(app: SimApp, userId: string): boolean {
    if (app.users.has(userId)) return true;
    for (const gid of app.groups.keys()) {
      if (this.groups.get(gid)?.members.has(userId)) return true;
    }
    return false;
  }

  /** Apps shown on a user's dashboard: active, assigned directly or through a group. */
  appsFor(userId: string): SimApp[] {
    return [...this.apps.values()].filter((a) => a.status === 'ACTIVE' && this.isAssigned(a, userId));
  }

  groupsOf(userId: string): SimGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(userId));
  }
}
