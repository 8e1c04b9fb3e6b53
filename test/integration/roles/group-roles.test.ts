/**
 * Role from an Okta group, driven by Okta itself: the simulator provisions users and pushes the
 * Support and Ops groups into the real server's /scim/v2; the Owner maps them to workspace roles;
 * membership changes made in Okta then set the members' roles (highest mapping wins, never below
 * the role set by hand, an Owner by hand never demoted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import type { Team, User } from '../../../domain/records';
import type { AuditPage } from '../../../domain/wire/audit';
import { rotateScimToken } from '../../../sync-server/scim/token';

const SUPPORT = '00gSupport0000000000';
const OPS = '00gOps00000000000000';
const [ADA, BEN, CY, DEE] = [1, 2, 3, 4].map(oktaUserId) as [string, string, string, string];

describe('workspace roles from Okta groups', () => {
  let stack: OktaStack;
  let scimToken = '';

  const userByOkta = async (oktaId: string): Promise<User> => {
    const doc = (
      await stack.server.db.query<{ doc: User }>(
        "select doc from records where collection = 'users' and doc->>'externalId' = $1",
        [oktaId],
      )
    )[0]?.doc;
    if (!doc) throw new Error(`SCIM did not provision ${oktaId}`);
    return doc;
  };
  // Okta's Push Groups sends the group's name, not its id: the team is found by name.
  const GROUP_NAMES: Record<string, string> = { [SUPPORT]: 'Support', [OPS]: 'Ops' };
  const teamByGroup = async (groupId: string): Promise<Team> => {
    const doc = (
      await stack.server.db.query<{ doc: Team }>(
        "select doc from records where collection = 'teams' and not deleted and doc->>'displayName' = $1",
        [GROUP_NAMES[groupId] ?? groupId],
      )
    )[0]?.doc;
    if (!doc) throw new Error(`SCIM did not push ${groupId}`);
    return doc;
  };
  const roleOf = async (oktaId: string) => {
    const user = await userByOkta(oktaId);
    return { role: user.role, manualRole: user.manualRole };
  };
  const mapTeam = async (groupId: string, role: string | null) => {
    const res = await stack.api(ADA, 'PUT', `/api/v1/teams/${(await teamByGroup(groupId)).id}/role`, { role });
    expect(res.status).toBe(200);
    return res.body as { changedUserIds: string[] };
  };

  beforeAll(async () => {
    stack = await startOktaStack({
      store: 'pglite',
      users: 4,
      sim: {
        seed: {
          users: oktaUserSeed(4),
          groups: [
            { id: SUPPORT, name: 'Support', members: [BEN] },
            { id: OPS, name: 'Ops', members: [] },
          ],
        },
      },
    });
    const { token } = await rotateScimToken(stack.server.db, 'test');
    scimToken = token;
    stack.sim.admin.setScimTarget(`${stack.url}/scim/v2`, token);
    for (const id of [ADA, BEN, CY, DEE]) await stack.sim.admin.assignUserToApp(id);
    await stack.sim.admin.pushGroup(SUPPORT);
    await stack.sim.admin.pushGroup(OPS);
    expect(stack.sim.provisioning.tasks().filter((t) => t.status !== 'SUCCESS')).toEqual([]);
    // The operator's first Owner (what `roles set` writes).
    const ada = await userByOkta(ADA);
    await stack.seed({ users: [{ ...ada, role: 'owner', manualRole: 'owner' }] });
  });
  afterAll(async () => stack?.close());

  it('a member of a group mapped to Admin is Admin, and back to their own role once Okta removes them', async () => {
    const ben = await userByOkta(BEN);
    expect(await mapTeam(SUPPORT, 'admin')).toMatchObject({ changedUserIds: [ben.id] });
    expect(await roleOf(BEN)).toEqual({ role: 'admin', manualRole: 'user' });

    await stack.sim.admin.addGroupMember(SUPPORT, CY);
    expect(await roleOf(CY)).toEqual({ role: 'admin', manualRole: 'user' });
    await stack.sim.admin.removeGroupMember(SUPPORT, CY);
    expect(await roleOf(CY)).toEqual({ role: 'user', manualRole: 'user' });

    // Each change is in the audit log: the Owner's mapping, and the role it moved.
    const cy = await userByOkta(CY);
    const audit = (await stack.api(ADA, 'GET', `/api/v1/audit?recordId=${cy.id}`)).body as AuditPage;
    expect(audit.entries.filter((e) => e.action === 'user.roleFromGroup')).toHaveLength(2);
  });

  it('the highest mapping wins, and leaving it falls back to the highest that remains', async () => {
    await mapTeam(OPS, 'superAdmin');
    await stack.sim.admin.addGroupMember(OPS, BEN);
    expect(await roleOf(BEN)).toEqual({ role: 'superAdmin', manualRole: 'user' });
    await stack.sim.admin.removeGroupMember(OPS, BEN);
    expect(await roleOf(BEN)).toEqual({ role: 'admin', manualRole: 'user' });
    await stack.sim.admin.removeGroupMember(SUPPORT, BEN);
    expect(await roleOf(BEN)).toEqual({ role: 'user', manualRole: 'user' });
  });

  it('a Super Admin by group loses All-Access Mode with the role', async () => {
    await stack.sim.admin.addGroupMember(OPS, DEE);
    expect((await stack.api(DEE, 'PUT', '/api/v1/me/all-access', { on: true })).status).toBe(200);
    expect(await userByOkta(DEE)).toMatchObject({ role: 'superAdmin', allAccess: true });
    await stack.sim.admin.removeGroupMember(OPS, DEE);
    expect(await userByOkta(DEE)).toMatchObject({ role: 'user', allAccess: false });
  });

  it('never demotes an Owner, and an Owner by group alone never keeps the workspace from its Owner by hand', async () => {
    await stack.sim.admin.addGroupMember(SUPPORT, ADA);
    expect(await roleOf(ADA)).toEqual({ role: 'owner', manualRole: 'owner' });
    await stack.sim.admin.removeGroupMember(SUPPORT, ADA);
    expect(await roleOf(ADA)).toEqual({ role: 'owner', manualRole: 'owner' });

    await mapTeam(SUPPORT, 'owner');
    await stack.sim.admin.addGroupMember(SUPPORT, CY);
    expect(await roleOf(CY)).toEqual({ role: 'owner', manualRole: 'user' });
    // Cy is Owner only while Okta keeps them in Support: Ada, the one Owner by hand, stays.
    const cy = await userByOkta(CY);
    const ada = await userByOkta(ADA);
    const demote = await stack.api(CY, 'PUT', `/api/v1/users/${ada.id}/role`, { role: 'admin' });
    expect(demote.status).toBe(403);
    expect(demote.body).toMatchObject({ error: { code: 'last_owner' } });
    await stack.sim.admin.removeGroupMember(SUPPORT, CY);
    expect(await roleOf(CY)).toEqual({ role: 'user', manualRole: 'user' });
    expect(await roleOf(ADA)).toEqual({ role: 'owner', manualRole: 'owner' });
    expect(cy.id).not.toBe(ada.id);
  });

  it('a deactivated member leaves their groups and falls back to their own role', async () => {
    await mapTeam(SUPPORT, 'admin');
    await stack.sim.admin.addGroupMember(SUPPORT, DEE);
    expect(await roleOf(DEE)).toEqual({ role: 'admin', manualRole: 'user' });
    await stack.sim.admin.deactivateUser(DEE);
    expect(await userByOkta(DEE)).toMatchObject({ active: false, role: 'user', manualRole: 'user' });
    expect((await teamByGroup(SUPPORT)).memberIds).not.toContain((await userByOkta(DEE)).id);
  });

  it('a group Okta deletes gives its role no more', async () => {
    await stack.sim.admin.addGroupMember(OPS, BEN);
    expect(await roleOf(BEN)).toEqual({ role: 'superAdmin', manualRole: 'user' });
    // What Okta sends when a pushed group is deleted or unlinked with "delete the group in the app".
    const ops = await teamByGroup(OPS);
    const res = await fetch(`${stack.url}/scim/v2/Groups/${ops.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${scimToken}` },
    });
    expect(res.status).toBe(204);
    expect(await roleOf(BEN)).toEqual({ role: 'user', manualRole: 'user' });
  });
});
