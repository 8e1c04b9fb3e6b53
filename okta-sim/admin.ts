import { z } from 'zod';
import type { OrgActions } from './org-actions';
import type { Provisioner } from './scim/provisioner';
import type { SimApp, SimUser, UserProfile } from './state/records';

export const NewUser = z.object({
  login: z.string().min(1).max(100),
  email: z.email(),
  firstName: z.string().min(1).max(50),
  lastName: z.string().min(1).max(50),
  password: z.string().min(1).default('Passw0rd!'),
});
export type NewUser = z.input<typeof NewUser>;

export interface SimAdmin {
  assignUserToApp(userId: string): Promise<void>;
  unassignUserFromApp(userId: string): Promise<void>;
  assignGroupToApp(groupId: string): Promise<void>;
  updateProfile(userId: string, patch: Partial<UserProfile>): Promise<void>;
  deactivateUser(userId: string): Promise<void>;
  /** Okta's `lifecycle/activate` for a DEPROVISIONED user ("reactivate" in the Admin Console). */
  reactivateUser(userId: string): Promise<void>;
  pushGroup(groupId: string): Promise<void>;
  renameGroup(groupId: string, name: string): Promise<void>;
  addGroupMember(groupId: string, userId: string): Promise<void>;
  removeGroupMember(groupId: string, userId: string): Promise<void>;
  createUser(profile: NewUser): Promise<SimUser>;
  setScimTarget(baseUrl: string, token: string): void;
}

/**
 * Admin Console actions on the "Latchkey" app integration. Each resolves once the provisioning
 * tasks it caused have finished (read their outcome with `provisioning.tasks()`).
 */
export function createAdmin(actions: OrgActions, provisioner: Provisioner, latchkeyApp: () => SimApp): SimAdmin {
  const settle = () => provisioner.idle();
  return {
    async assignUserToApp(userId) {
      actions.assignUser(latchkeyApp(), actions.user(userId));
      await settle();
    },
    async unassignUserFromApp(userId) {
      actions.unassignUser(latchkeyApp(), actions.user(userId));
      await settle();
    },
    async assignGroupToApp(groupId) {
      actions.assignGroup(latchkeyApp(), actions.group(groupId));
      await settle();
    },
    async updateProfile(userId, patch) {
      actions.updateProfile(actions.user(userId), patch);
      await settle();
    },
    async deactivateUser(userId) {
      actions.deactivateUser(actions.user(userId));
      await settle();
    },
    async reactivateUser(userId) {
      actions.activateUser(actions.user(userId));
      await settle();
    },
    async pushGroup(groupId) {
      provisioner.pushGroup(actions.group(groupId));
      await settle();
    },
    async renameGroup(groupId, name) {
      actions.updateGroup(actions.group(groupId), { name });
      await settle();
    },
    async addGroupMember(groupId, userId) {
      actions.setMembership(actions.group(groupId), actions.user(userId), true);
      await settle();
    },
    async removeGroupMember(groupId, userId) {
      actions.setMembership(actions.group(groupId), actions.user(userId), false);
      await settle();
    },
    async createUser(input) {
      const { password, ...profile } = NewUser.parse(input);
      return actions.createUser(profile, password, true);
    },
    setScimTarget(baseUrl, token) {
      provisioner.setTarget({ baseUrl, token });
    },
  };
}
