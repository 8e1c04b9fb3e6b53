import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { ScimRecorder } from './support/scim-recorder';
import { ALICE, BOB, CAROL, MARKETING, TEST_SEED } from './support/seed';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let sim: OktaSim;
let scim: ScimRecorder;
beforeEach(async () => {
  scim = await new ScimRecorder().start();
  sim = await startOktaSim({ port: 0, seed: TEST_SEED, scim: { baseUrl: scim.url, token: scim.token } });
});
afterEach(async () => {
  await sim.close();
  await scim.close();
});

describe('user provisioning', () => {
  it('looks the user up by userName, then creates it with the Okta id as externalId', async () => {
    await sim.admin.assignUserToApp(ALICE);
    expect(scim.lines()).toEqual(['GET /Users', 'POST /Users']);
    const [lookup, create] = scim.requests;
    expect(lookup?.query).toEqual({ filter: 'userName eq "alice@example.com"', startIndex: '1', count: '100' });
    expect(create?.authorization).toBe(`Bearer ${scim.token}`);
    expect(create?.contentType).toContain('application/scim+json');
    expect(create?.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'alice@example.com',
      externalId: ALICE,
      name: { givenName: 'Alice', familyName: 'Owner' },
      emails: [{ primary: true, value: 'alice@example.com', type: 'work' }],
      active: true,
    });
    // No secret leaves Okta for the app.
    expect(create?.body).not.toHaveProperty('password');
    expect(sim.provisioning.tasks()).toMatchObject([{ kind: 'user.push', targetId: ALICE, status: 'SUCCESS' }]);
  });

  it('links an existing user found by userName instead of creating a duplicate', async () => {
    const existing = scim.seedUser('alice@example.com');
    await sim.admin.assignUserToApp(ALICE);
    expect(scim.lines()).toEqual(['GET /Users', `PUT /Users/${existing}`]);
    expect(scim.requests[1]?.body).toMatchObject({ id: existing, externalId: ALICE, userName: 'alice@example.com' });
    expect(sim.provisioning.scimIdOf(ALICE)).toBe(existing);
  });

  it('sends profile updates, deactivation and reactivation the way Okta does', async () => {
    await sim.admin.assignUserToApp(ALICE);
    const id = sim.provisioning.scimIdOf(ALICE);
    await sim.admin.updateProfile(ALICE, { firstName: 'Alicia' });
    await sim.admin.deactivateUser(ALICE);
    await sim.admin.reactivateUser(ALICE);
    expect(scim.lines().slice(2)).toEqual([`PUT /Users/${id}`, `PATCH /Users/${id}`, `PATCH /Users/${id}`]);
    expect(scim.requests[2]?.body).toMatchObject({ name: { givenName: 'Alicia' }, externalId: ALICE });
    expect(scim.requests[3]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(scim.requests[4]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(scim.users.get(id ?? '')?.active).toBe(true);
  });

  it('provisions when the assignment comes over the Management API', async () => {
    const res = await fetch(`${sim.url}/api/v1/apps/${sim.latchkeyAppId}/users`, {
      method: 'POST',
      headers: { authorization: `SSWS ${sim.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: BOB, scope: 'USER' }),
    });
    expect(res.status).toBe(200);
    await sim.provisioning.idle();
    expect(scim.lines()).toEqual(['GET /Users', 'POST /Users']);
    const deactivate = await fetch(`${sim.url}/api/v1/users/${BOB}/lifecycle/deactivate`, {
      method: 'POST',
      headers: { authorization: `SSWS ${sim.apiToken}` },
    });
    expect(deactivate.status).toBe(200);
    await sim.provisioning.idle();
    expect(scim.lines().at(-1)).toBe(`PATCH /Users/${sim.provisioning.scimIdOf(BOB)}`);
  });

  it('waits Retry-After seconds on 429 and retries', async () => {
    scim.throttle(1, '1');
    await sim.admin.assignUserToApp(CAROL);
    expect(scim.lines()).toEqual(['GET /Users', 'GET /Users', 'POST /Users']);
    expect(sim.provisioning.tasks()[0]?.status).toBe('SUCCESS');
  });

  it('records a failed task with the SCIM server’s reason and carries on', async () => {
    scim.failNext(500, 'database unavailable');
    await sim.admin.assignUserToApp(ALICE);
    await sim.admin.assignUserToApp(BOB);
    expect(sim.provisioning.tasks().map((t) => [t.targetId, t.status])).toEqual([
      [ALICE, 'FAILED'],
      [BOB, 'SUCCESS'],
    ]);
    expect(sim.provisioning.tasks()[0]?.error).toContain('database unavailable');
  });
});

describe('group push', () => {
  it('assigns a group, pushes it with its members, renames it and follows membership changes', async () => {
    await sim.admin.assignGroupToApp(MARKETING);
    const alice = sim.provisioning.scimIdOf(ALICE);
    const carol = sim.provisioning.scimIdOf(CAROL);
    expect(alice && carol).toBeTruthy();

    scim.requests.length = 0;
    await sim.admin.pushGroup(MARKETING);
    expect(scim.lines().slice(0, 2)).toEqual(['GET /Groups', 'POST /Groups']);
    expect(scim.requests[0]?.query.filter).toBe('displayName eq "Marketing"');
    const group = [...scim.groups.values()][0];
    expect(group?.displayName).toBe('Marketing');
    expect(scim.requests[2]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'add',
          path: 'members',
          value: [
            { value: alice, display: 'alice@example.com' },
            { value: carol, display: 'carol@example.com' },
          ],
        },
      ],
    });

    scim.requests.length = 0;
    await sim.admin.renameGroup(MARKETING, 'Brand Marketing');
    expect(scim.requests[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id: group?.id, displayName: 'Brand Marketing' } }],
    });

    scim.requests.length = 0;
    await sim.admin.addGroupMember(MARKETING, BOB);
    const bob = sim.provisioning.scimIdOf(BOB);
    expect(scim.lines()).toEqual(['GET /Users', 'POST /Users', `PATCH /Groups/${group?.id}`]);
    expect(scim.requests[2]?.body).toMatchObject({
      Operations: [{ op: 'add', path: 'members', value: [{ value: bob }] }],
    });

    scim.requests.length = 0;
    await sim.admin.removeGroupMember(MARKETING, BOB);
    expect(scim.requests[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${bob}"]` }],
    });
    // Bob was assigned only through the group, so he is deactivated in the app too.
    expect(scim.requests[1]).toMatchObject({
      method: 'PATCH',
      path: `/Users/${bob}`,
      body: { Operations: [{ value: { active: false } }] },
    });
    expect(
      scim.groups
        .get(group?.id ?? '')
        ?.members?.map((m) => m.value)
        .sort(),
    ).toEqual([alice, carol].sort());
  });

  it('links a group that already exists and replaces its members; push is available over /sim', async () => {
    await sim.admin.assignGroupToApp(MARKETING);
    scim.groups.set('g-existing', { id: 'g-existing', displayName: 'Marketing', members: [{ value: 'stale' }] });
    const res = await fetch(`${sim.url}/sim/groups/${MARKETING}/push`, {
      method: 'POST',
      headers: { authorization: `SSWS ${sim.apiToken}` },
    });
    expect(res.status).toBe(202);
    await sim.provisioning.idle();
    const replace = scim.requests.at(-1);
    expect(replace).toMatchObject({
      method: 'PATCH',
      path: '/Groups/g-existing',
      body: { Operations: [{ op: 'replace', path: 'members' }] },
    });
    expect(
      scim.groups
        .get('g-existing')
        ?.members?.map((m) => m.value)
        .sort(),
    ).toEqual([sim.provisioning.scimIdOf(ALICE), sim.provisioning.scimIdOf(CAROL)].sort());
    const tasks = await fetch(`${sim.url}/sim/tasks`, { headers: { authorization: `SSWS ${sim.apiToken}` } });
    expect(((await tasks.json()) as { kind: string; status: string }[]).at(-1)).toMatchObject({
      kind: 'group.push',
      status: 'SUCCESS',
    });
    const unauth = await fetch(`${sim.url}/sim/tasks`);
    expect(unauth.status).toBe(401);
  });
});
