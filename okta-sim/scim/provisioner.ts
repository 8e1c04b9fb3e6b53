import { z } from 'zod';
import type { Directory } from '../state/directory';
import type { OrgEvents } from '../state/events';
import type { SimApp, SimGroup, SimUser } from '../state/records';
import { type ScimHttpDeps, type ScimTarget, scimRequest } from './scim-http';
import * as payload from './scim-payloads';
import { ProvisioningFailure, type TaskKind, TaskQueue } from './tasks';

const Created = z.object({ id: z.string().min(1) });
const ListResponse = z.object({ Resources: z.array(z.object({ id: z.string().min(1) })).default([]) });

/**
 * Okta's provisioning engine for the "Latchkey" app integration: Create Users, Update User
 * Attributes, Deactivate Users and Group Push, each turned into the SCIM calls Okta makes
 * (developer.okta.com/docs/reference/scim/scim-20/ and …/guides/scim-provisioning-integration-overview/).
 * It remembers, as Okta does, which SCIM id each Okta user and pushed group is linked to.
 */
export class Provisioner implements OrgEvents {
  readonly #userIds = new Map<string, string>();
  readonly #groupIds = new Map<string, string>();
  readonly #queue: TaskQueue;
  #target: ScimTarget | undefined;

  constructor(
    private readonly directory: Directory,
    private readonly app: () => SimApp,
    target: ScimTarget | undefined,
    private readonly deps: Partial<ScimHttpDeps> = {},
    now: () => Date = () => new Date(),
    onUnexpected: (err: unknown) => void = () => {},
  ) {
    this.#target = target;
    this.#queue = new TaskQueue(now, onUnexpected);
  }

  setTarget(target: ScimTarget | undefined): void {
    this.#target = target;
  }

  tasks() {
    return this.#queue.tasks();
  }

  idle(): Promise<void> {
    return this.#queue.idle();
  }

  scimIdOf(oktaUserId: string): string | undefined {
    return this.#userIds.get(oktaUserId);
  }

  // --- events from the org -------------------------------------------------------------------

  appUserAssigned(app: SimApp, user: SimUser): void {
    if (this.#mine(app)) this.#task('user.push', user.id, () => this.#pushUser(user));
  }

  appUserUnassigned(app: SimApp, user: SimUser): void {
    if (this.#mine(app) && !this.#assigned(user))
      this.#task('user.deactivate', user.id, () => this.#setActive(user, false));
  }

  appGroupAssigned(app: SimApp, group: SimGroup): void {
    if (!this.#mine(app)) return;
    for (const user of this.#members(group)) this.#task('user.push', user.id, () => this.#pushUser(user));
  }

  appGroupUnassigned(app: SimApp, group: SimGroup): void {
    if (!this.#mine(app)) return;
    for (const id of group.members) {
      const user = this.directory.users.get(id);
      if (user && this.#userIds.has(id) && !this.#assigned(user)) {
        this.#task('user.deactivate', user.id, () => this.#setActive(user, false));
      }
    }
  }

  userProfileChanged(user: SimUser): void {
    if (this.#userIds.has(user.id)) this.#task('user.update', user.id, () => this.#putUser(user));
  }

  userDeactivated(user: SimUser): void {
    if (this.#userIds.has(user.id)) this.#task('user.deactivate', user.id, () => this.#setActive(user, false));
  }

  userActivated(user: SimUser): void {
    if (this.#userIds.has(user.id)) this.#task('user.reactivate', user.id, () => this.#setActive(user, true));
    else if (this.#assigned(user)) this.#task('user.push', user.id, () => this.#pushUser(user));
  }

  groupMemberAdded(group: SimGroup, user: SimUser): void {
    const app = this.app();
    if (app.groups.has(group.id) && !this.#userIds.has(user.id))
      this.#task('user.push', user.id, () => this.#pushUser(user));
    if (this.#groupIds.has(group.id) && this.#assigned(user)) {
      this.#task('group.members.add', group.id, async () => {
        const member = await this.#ensureUser(user);
        await this.#send('PATCH', `/Groups/${this.#groupId(group)}`, payload.addMembersPatch([member]));
      });
    }
  }

  groupMemberRemoved(group: SimGroup, user: SimUser): void {
    const scimId = this.#userIds.get(user.id);
    if (this.#groupIds.has(group.id) && scimId) {
      this.#task('group.members.remove', group.id, () =>
        this.#send('PATCH', `/Groups/${this.#groupId(group)}`, payload.removeMemberPatch(scimId)).then(() => undefined),
      );
    }
    if (this.app().groups.has(group.id) && scimId && !this.#assigned(user)) {
      this.#task('user.deactivate', user.id, () => this.#setActive(user, false));
    }
  }

  groupRenamed(group: SimGroup): void {
    if (!this.#groupIds.has(group.id)) return;
    this.#task('group.rename', group.id, async () => {
      const id = this.#groupId(group);
      await this.#send('PATCH', `/Groups/${id}`, payload.renameGroupPatch(id, group));
    });
  }

  /** Group Push ("Push Groups" tab): find by name and link, or create; then push the members. */
  pushGroup(group: SimGroup): void {
    this.#task('group.push', group.id, async () => {
      const found = await this.#lookup('/Groups', 'displayName', group.profile.name);
      const members: payload.Member[] = [];
      for (const user of this.#members(group)) members.push(await this.#ensureUser(user));
      if (found) {
        this.#groupIds.set(group.id, found);
        await this.#send('PATCH', `/Groups/${found}`, payload.replaceMembersPatch(members));
        return;
      }
      const created = Created.parse((await this.#send('POST', '/Groups', payload.newGroupResource(group))).body);
      this.#groupIds.set(group.id, created.id);
      if (members.length > 0) await this.#send('PATCH', `/Groups/${created.id}`, payload.addMembersPatch(members));
    });
  }

  // --- SCIM steps ----------------------------------------------------------------------------

  /** Okta's order: look up by userName, link or create, then update. */
  async #pushUser(user: SimUser): Promise<void> {
    // Okta provisions users who can use the app: active, or provisioned and pending first sign-in.
    if (user.status !== 'ACTIVE' && user.status !== 'PROVISIONED') return;
    if (this.#userIds.has(user.id)) {
      await this.#putUser(user);
      return;
    }
    const found = await this.#lookup('/Users', 'userName', user.profile.login);
    if (found) {
      this.#userIds.set(user.id, found);
      await this.#putUser(user);
      return;
    }
    const res = await this.#send('POST', '/Users', payload.userResource(user));
    this.#userIds.set(user.id, Created.parse(res.body).id);
  }

  async #ensureUser(user: SimUser): Promise<payload.Member> {
    if (!this.#userIds.has(user.id)) await this.#pushUser(user);
    const id = this.#userIds.get(user.id);
    if (!id) throw new ProvisioningFailure(0, `user ${user.id} could not be provisioned`);
    return { value: id, display: user.profile.login };
  }

  async #putUser(user: SimUser): Promise<void> {
    const id = this.#userIds.get(user.id);
    if (id) await this.#send('PUT', `/Users/${id}`, payload.userResource(user, id));
  }

  async #setActive(user: SimUser, active: boolean): Promise<void> {
    const id = this.#userIds.get(user.id);
    if (id) await this.#send('PATCH', `/Users/${id}`, payload.activePatch(active));
  }

  async #lookup(
    path: '/Users' | '/Groups',
    attr: 'userName' | 'displayName',
    value: string,
  ): Promise<string | undefined> {
    const res = await this.#send('GET', `${path}${payload.lookupQuery(attr, value)}`, undefined);
    return ListResponse.parse(res.body).Resources[0]?.id;
  }

  async #send(method: string, path: string, body: unknown) {
    const target = this.#target;
    if (!target) throw new ProvisioningFailure(0, 'provisioning is not configured');
    const res = await scimRequest(target, method, path, body, this.deps);
    if (res.status < 200 || res.status >= 300) {
      const detail = (res.body as { detail?: unknown } | undefined)?.detail;
      throw new ProvisioningFailure(
        res.status,
        typeof detail === 'string' ? detail : `${method} ${path.split('?')[0]}`,
      );
    }
    return res;
  }

  // --- helpers -------------------------------------------------------------------------------

  #task(kind: TaskKind, targetId: string, run: () => Promise<unknown>): void {
    if (!this.#target) return;
    this.#queue.enqueue(kind, targetId, async () => {
      await run();
    });
  }

  #mine(app: SimApp): boolean {
    return app.id === this.app().id;
  }

  #assigned(user: SimUser): boolean {
    return this.directory.isAssigned(this.app(), user.id);
  }

  #members(group: SimGroup): SimUser[] {
    return [...group.members]
      .map((id) => this.directory.users.get(id))
      .filter((u): u is SimUser => u !== undefined && u.status === 'ACTIVE' && this.#assigned(u));
  }

  #groupId(group: SimGroup): string {
    const id = this.#groupIds.get(group.id);
    if (!id) throw new ProvisioningFailure(0, `group ${group.id} is not pushed`);
    return id;
  }
}
