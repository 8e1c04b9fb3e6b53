/**
 * RFC 7644 behaviour of /Users as a SCIM client sees it: media type, meta and ETag, paging,
 * filters, PUT and PATCH, DELETE. Runs against PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, patchOp, type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';

describe.each(STORES)('SCIM /Users protocol (%s)', (store) => {
  let scim: ScimHarness;
  const ids: Record<string, string> = {};
  const people = ['ann.lee', 'bob.stone', 'cara.diaz', 'dan.ito', 'eve.moss'];

  beforeAll(async () => {
    scim = await startScim(store);
    for (const [i, person] of people.entries()) {
      const res = await scim.request('POST', '/Users', oktaUser(`${person}@example.com`, { externalId: `00u${i}` }));
      expect(res.status).toBe(201);
      ids[person] = res.body.id;
    }
  });
  afterAll(() => scim?.close());

  const find = async (filter: string) => {
    const res = await scim.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    return (res.body.Resources as { userName: string }[]).map((u) => u.userName.split('@')[0]).sort();
  };

  it('answers in application/scim+json with meta (location, created, lastModified, version) and a matching ETag', async () => {
    const res = await scim.request('GET', `/Users/${ids['ann.lee']}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body.meta).toMatchObject({ resourceType: 'User', location: `${scim.base}/Users/${ids['ann.lee']}` });
    expect(Date.parse(res.body.meta.created)).not.toBeNaN();
    expect(Date.parse(res.body.meta.lastModified)).not.toBeNaN();
    expect(res.body.meta.version).toMatch(/^W\/".+"$/);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
  });

  it('returns Location and the resource on create, and a new version after a change', async () => {
    const created = await scim.request('POST', '/Users', oktaUser('fay.wong@example.com'));
    expect(created.headers.get('location')).toBe(created.body.meta.location);
    const changed = await scim.request(
      'PATCH',
      `/Users/${created.body.id}`,
      patchOp({ op: 'replace', path: 'name.familyName', value: 'Wang' }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.name.familyName).toBe('Wang');
    expect(changed.body.meta.version).not.toBe(created.body.meta.version);
    expect(changed.body.meta.created).toBe(created.body.meta.created);
    expect((await scim.request('DELETE', `/Users/${created.body.id}`)).status).toBe(204);
  });

  it('honours If-Match: a stale version gets 412 and changes nothing, the current one proceeds (RFC 7644 §3.14)', async () => {
    const id = ids['eve.moss'];
    const before = await scim.request('GET', `/Users/${id}`);
    const etag = before.headers.get('etag') as string;
    const changed = await scim.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'name.givenName', value: 'Evelyn' }),
      { 'if-match': etag },
    );
    expect(changed.status).toBe(200);
    const stale = await scim.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'name.givenName', value: 'Eva' }),
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.status).toBe('412');
    expect((await scim.request('GET', `/Users/${id}`)).body.name.givenName).toBe('Evelyn');
    expect((await scim.request('DELETE', `/Users/${id}`, undefined, { 'if-match': etag })).status).toBe(412);
    await scim.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'eve' }));
  });

  it('pages with integer counts and a stable order: the pages together hold every user exactly once', async () => {
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= people.length; startIndex += 2) {
      const res = await scim.request('GET', `/Users?startIndex=${startIndex}&count=2`);
      expect(res.body).toMatchObject({
        totalResults: people.length,
        startIndex,
        itemsPerPage: res.body.Resources.length,
      });
      expect(Number.isInteger(res.body.totalResults)).toBe(true);
      seen.push(...res.body.Resources.map((u: { id: string }) => u.id));
    }
    expect([...seen].sort()).toEqual(Object.values(ids).sort());
    const firstPage = await scim.request('GET', '/Users?startIndex=1&count=2');
    expect(firstPage.body.Resources.map((u: { id: string }) => u.id)).toEqual(seen.slice(0, 2));
  });

  it('filters on userName (case-insensitively), externalId, emails.value, displayName and id', async () => {
    expect(await find('userName eq "ANN.LEE@EXAMPLE.COM"')).toEqual(['ann.lee']);
    expect(await find('externalId eq "00u1"')).toEqual(['bob.stone']);
    expect(await find('emails.value eq "cara.diaz@example.com"')).toEqual(['cara.diaz']);
    expect(await find('emails[value eq "dan.ito@example.com"]')).toEqual(['dan.ito']);
    expect(await find('displayName eq "eve moss"')).toEqual(['eve.moss']);
    expect(await find(`id eq "${ids['bob.stone']}"`)).toEqual(['bob.stone']);
  });

  it('supports co, sw, pr, and, or', async () => {
    expect(await find('userName co "AN"')).toEqual(['ann.lee', 'dan.ito']);
    expect(await find('userName sw "c"')).toEqual(['cara.diaz']);
    expect(await find('externalId pr')).toEqual(people);
    expect(await find('userName sw "a" or userName sw "e"')).toEqual(['ann.lee', 'eve.moss']);
    expect(await find('userName co "o" and externalId eq "00u3"')).toEqual(['dan.ito']);
  });

  it('updates first name, last name and primary email with PUT, as Okta does', async () => {
    const id = ids['cara.diaz'];
    const current = (await scim.request('GET', `/Users/${id}`)).body;
    const body = {
      ...current,
      userName: 'cara.d@example.com',
      name: { givenName: 'Carla', familyName: 'Diaz-Ruiz' },
      emails: [{ value: 'cara.d@example.com', primary: true, type: 'work' }],
    };
    const res = await scim.request('PUT', `/Users/${id}`, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userName: 'cara.d@example.com',
      name: { givenName: 'Carla', familyName: 'Diaz-Ruiz' },
      externalId: '00u2',
    });
    expect(await find('userName eq "cara.d@example.com"')).toEqual(['cara.d']);
    expect(await find('userName eq "cara.diaz@example.com"')).toEqual([]);
  });

  it('refuses a PUT whose userName is not the primary email, and keeps the user as it was', async () => {
    const id = ids['dan.ito'];
    const before = (await scim.request('GET', `/Users/${id}`)).body;
    const res = await scim.request('PUT', `/Users/${id}`, { ...before, userName: 'dito@example.com' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(res.body.detail).toContain('primary email');
    expect((await scim.request('GET', `/Users/${id}`)).body.userName).toBe(before.userName);
  });

  it('ignores the placeholder password and never returns one; accepts active: false on create', async () => {
    const res = await scim.request(
      'POST',
      '/Users',
      oktaUser('gil.north@example.com', { active: false, password: 'S3cr3t-Placeholder' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.active).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('S3cr3t-Placeholder');
    expect(JSON.stringify((await scim.request('GET', `/Users/${res.body.id}`)).body)).not.toContain('password');
    // Nowhere in the store either: not in the record, not in the audit trail.
    const stored = await scim.db.query(
      "select 1 from records where doc::text like '%S3cr3t-Placeholder%' union all select 1 from audit_events where detail::text like '%S3cr3t-Placeholder%'",
    );
    expect(stored).toEqual([]);
  });

  it('deletes: 204, then 404 for that id and gone from lists', async () => {
    const created = (await scim.request('POST', '/Users', oktaUser('hal.gone@example.com'))).body;
    expect((await scim.request('DELETE', `/Users/${created.id}`)).status).toBe(204);
    expect((await scim.request('GET', `/Users/${created.id}`)).status).toBe(404);
    expect((await scim.request('DELETE', `/Users/${created.id}`)).status).toBe(404);
    expect(await find('userName eq "hal.gone@example.com"')).toEqual([]);
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const spc = await scim.request('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
    const types = await scim.request('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { endpoint: string }) => r.endpoint).sort()).toEqual(['/Groups', '/Users']);
    const schemas = await scim.request('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toContain(
      'urn:ietf:params:scim:schemas:core:2.0:User',
    );
    const user = await scim.request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    expect(user.body.attributes.find((a: { name: string }) => a.name === 'userName')).toMatchObject({
      caseExact: false,
      uniqueness: 'server',
    });
  });
});
