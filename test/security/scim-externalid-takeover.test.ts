/**
 * An attacker holding the SCIM token (leaked from the IdP's configuration) tries to take over
 * the workspace Owner: move their own Okta identity (externalId) off their user and onto the
 * Owner's, then sign in with their own Okta account and act as the Owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OKTA_IDS, type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { AuditPage } from '../../domain/wire/audit';
import { rotateScimToken } from '../../sync-server/scim/token';

let world: SyncWorld;
let scimToken: string;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  scimToken = (await rotateScimToken(world.server.db, 'test')).token;
});
afterAll(async () => {
  await world?.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

async function scim(method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${world.server.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

async function api(person: Person, method: string, path: string): Promise<Answer> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await world.token(person)}` },
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const setExternalId = (value: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'externalId', value }],
});

const storedExternalId = async (userId: string): Promise<string | null | undefined> =>
  ((await world.server.repo.get(world.server.db, 'users', userId)) as { externalId: string | null } | null)?.externalId;

async function scimAudit(): Promise<AuditPage['entries']> {
  const res = await api('ada', 'GET', '/api/v1/audit?kind=scim');
  expect(res.status).toBe(200);
  return (res.body as AuditPage).entries;
}

describe('a SCIM token cannot move an Okta identity onto another user', () => {
  it('refuses to relink a linked user (PATCH and PUT) with 400 mutability, audited, and sign-in still maps to the right person', async () => {
    const { ada, bob } = world.users;
    // Step 1: free the attacker's Okta identity from their own user.
    const freed = await scim('PATCH', `/Users/${bob.id}`, setExternalId('00uattackerfreed0001'));
    expect(freed.status).toBe(400);
    expect(freed.body.scimType).toBe('mutability');
    // Step 2: put it on the Owner, by PATCH and by PUT.
    const onOwner = await scim('PATCH', `/Users/${ada.id}`, setExternalId(OKTA_IDS.bob));
    expect(onOwner.status).toBe(400);
    expect(onOwner.body.scimType).toBe('mutability');
    const current = await scim('GET', `/Users/${ada.id}`);
    const { meta: _meta, ...replacement } = current.body;
    const put = await scim('PUT', `/Users/${ada.id}`, { ...replacement, externalId: OKTA_IDS.bob });
    expect(put.status).toBe(400);
    expect(put.body.scimType).toBe('mutability');

    expect(await storedExternalId(ada.id)).toBe(OKTA_IDS.ada);
    expect(await storedExternalId(bob.id)).toBe(OKTA_IDS.bob);
    // Step 3: the attacker signs in with their own Okta account: still Bob, not an admin.
    expect((await api('bob', 'GET', '/api/v1/audit')).status).toBe(403);

    const refused = (await scimAudit()).filter((e) => e.action === 'scim.user.externalIdRefused');
    expect(refused.map((e) => e.recordId).sort()).toEqual([ada.id, ada.id, bob.id].sort());
  });

  it("refuses a new user that claims another user's Okta identity", async () => {
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'impostor@example.com',
      name: { givenName: 'Im', familyName: 'Postor' },
      emails: [{ value: 'impostor@example.com', primary: true }],
      active: true,
      externalId: OKTA_IDS.ada,
    });
    expect(created.status).toBe(409);
    expect(created.body.scimType).toBe('uniqueness');
    expect(await storedExternalId(world.users.ada.id)).toBe(OKTA_IDS.ada);
  });

  it('lets only an admin unlink a user, audited; then Okta may link them again', async () => {
    const { cy } = world.users;
    const byUser = await api('bob', 'POST', `/api/v1/users/${cy.id}/unlink-okta`);
    expect(byUser.status).toBe(403);
    expect(byUser.body.error.code).toBe('not_admin');
    expect(await storedExternalId(cy.id)).toBe(OKTA_IDS.cy);

    const byOwner = await api('ada', 'POST', `/api/v1/users/${cy.id}/unlink-okta`);
    expect(byOwner.status).toBe(200);
    expect(await storedExternalId(cy.id)).toBeNull();
    const changes = (await api('ada', 'GET', `/api/v1/audit?recordId=${cy.id}`)).body as AuditPage;
    expect(changes.entries.map((e) => [e.action, e.actorId])).toContainEqual(['user.unlinkOkta', world.users.ada.id]);

    const relinked = await scim('PATCH', `/Users/${cy.id}`, setExternalId('00ucynew000000000009'));
    expect(relinked.status).toBe(200);
    expect(await storedExternalId(cy.id)).toBe('00ucynew000000000009');
  });

  it('answers 404 to unlinking someone who does not exist', async () => {
    const res = await api('ada', 'POST', '/api/v1/users/nobody-here/unlink-okta');
    expect(res.status).toBe(404);
  });
});
