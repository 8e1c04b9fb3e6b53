/**
 * /Groups as Okta's Group Push drives it (developer.okta.com SCIM 2.0 guide, "Groups"): create,
 * lookup by displayName, rename, add / remove / replace members, delete. PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, patchOp, type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';

describe.each(STORES)('SCIM /Groups protocol (%s)', (store) => {
  let scim: ScimHarness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    scim = await startScim(store);
    for (const person of ['ann.lee', 'bob.stone', 'cara.diaz']) {
      ids[person] = (await scim.request('POST', '/Users', oktaUser(`${person}@example.com`))).body.id;
    }
  });
  afterAll(() => scim?.close());

  const members = async (groupId: string) =>
    ((await scim.request('GET', `/Groups/${groupId}`)).body.members as { value: string }[]).map((m) => m.value).sort();

  it('creates a group with members, finds it by displayName, renames it and changes membership', async () => {
    const created = await scim.request('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Marketing',
      members: [{ value: ids['ann.lee'], display: 'ann.lee@example.com' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${scim.base}/Groups/${created.body.id}`);
    const id = created.body.id;

    const found = await scim.request(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "marketing"')}&startIndex=1&count=100`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);

    const renamed = await scim.request(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'replace', value: { id, displayName: 'Brand' } }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Brand');
    expect(await members(id)).toEqual([ids['ann.lee']]);

    await scim.request(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: ids['bob.stone'] }, { value: ids['cara.diaz'] }] }),
    );
    expect(await members(id)).toEqual([ids['ann.lee'], ids['bob.stone'], ids['cara.diaz']].sort());

    await scim.request(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'remove', path: `members[value eq "${ids['bob.stone']}"]` }),
    );
    expect(await members(id)).toEqual([ids['ann.lee'], ids['cara.diaz']].sort());

    await scim.request(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'replace', path: 'members', value: [{ value: ids['bob.stone'] }] }),
    );
    expect(await members(id)).toEqual([ids['bob.stone']]);

    const put = await scim.request('PUT', `/Groups/${id}`, { displayName: 'Brand', members: [] });
    expect(put.status).toBe(200);
    expect(put.body.members).toEqual([]);

    expect((await scim.request('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await scim.request('GET', `/Groups/${id}`)).status).toBe(404);
  });

  it('links a pushed group to the existing team of the same name instead of duplicating it', async () => {
    const first = await scim.request('POST', '/Groups', {
      displayName: 'Support',
      members: [{ value: ids['ann.lee'] }],
    });
    const again = await scim.request('POST', '/Groups', {
      displayName: 'support',
      members: [{ value: ids['bob.stone'] }],
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await members(first.body.id)).toEqual([ids['ann.lee'], ids['bob.stone']].sort());
    const all = await scim.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Support"')}`);
    expect(all.body.totalResults).toBe(1);
  });

  it('refuses members that are not provisioned users, storing nothing', async () => {
    const res = await scim.request('POST', '/Groups', {
      displayName: 'Ghosts',
      members: [{ value: ids['ann.lee'] }, { value: 'no-such-user' }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: 'invalidValue' });
    expect(res.body.detail).toContain('no-such-user');
    const found = await scim.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Ghosts"')}`);
    expect(found.body.totalResults).toBe(0);
  });

  it('refuses to rename a group onto another group name with 409 uniqueness', async () => {
    const a = (await scim.request('POST', '/Groups', { displayName: 'Alpha' })).body.id;
    await scim.request('POST', '/Groups', { displayName: 'Beta' });
    const res = await scim.request(
      'PATCH',
      `/Groups/${a}`,
      patchOp({ op: 'replace', path: 'displayName', value: 'Beta' }),
    );
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it("refuses to change a group's id with 400 mutability", async () => {
    const a = (await scim.request('POST', '/Groups', { displayName: 'Gamma' })).body.id;
    const res = await scim.request(
      'PATCH',
      `/Groups/${a}`,
      patchOp({ op: 'replace', value: { id: 'other', displayName: 'Delta' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('mutability');
    expect((await scim.request('GET', `/Groups/${a}`)).body.displayName).toBe('Gamma');
  });
});
