/**
 * Bad requests get the right SCIM error (RFC 7644 §3.12) and store nothing; two concurrent
 * creates of one user produce exactly one user. PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, patchOp, type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';

describe.each(STORES)('SCIM robustness (%s)', (store) => {
  let scim: ScimHarness;
  let annId = '';

  beforeAll(async () => {
    scim = await startScim(store);
    annId = (await scim.request('POST', '/Users', oktaUser('ann.lee@example.com'))).body.id;
  });
  afterAll(() => scim?.close());

  const userCount = async () => (await scim.request('GET', '/Users?count=0')).body.totalResults as number;

  it.each([
    [
      'malformed JSON',
      { body: '{"userName": ', headers: { 'content-type': 'application/scim+json' } },
      400,
      'invalidSyntax',
    ],
    [
      'a wrong content type',
      { body: JSON.stringify(oktaUser('x.y@example.com')), headers: { 'content-type': 'text/plain' } },
      415,
      undefined,
    ],
    [
      'an unknown attribute',
      {
        body: JSON.stringify(oktaUser('x.y@example.com', { shoeSize: 44 })),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'invalidValue',
    ],
    [
      'a wrong attribute type',
      {
        body: JSON.stringify(oktaUser('x.y@example.com', { active: 'yes' })),
        headers: { 'content-type': 'application/json' },
      },
      400,
      'invalidValue',
    ],
    ['an empty body', { body: '', headers: { 'content-type': 'application/json' } }, 400, 'invalidSyntax'],
  ])('answers %s with %i and creates nothing', async (_name, init, status, scimType) => {
    const before = await userCount();
    const res = await scim.raw('POST', '/Users', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
    });
    if (scimType) expect(res.body.scimType).toBe(scimType);
    expect(res.body.detail).toBeTruthy();
    expect(await userCount()).toBe(before);
  });

  it('answers an oversized body with 413', async () => {
    const res = await scim.raw('POST', '/Users', {
      body: JSON.stringify(oktaUser('big@example.com', { title: 'x'.repeat(5 * 1024 * 1024) })),
      headers: { 'content-type': 'application/scim+json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.status).toBe('413');
  });

  it('answers an invalid filter with 400 invalidFilter', async () => {
    for (const filter of ['userName eq', 'userName xx "a"', 'shoeSize eq "44"']) {
      const res = await scim.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect([filter, res.status, res.body.scimType]).toEqual([filter, 400, 'invalidFilter']);
    }
  });

  it('answers a PATCH of a read-only attribute with 400 mutability and changes nothing', async () => {
    const res = await scim.request(
      'PATCH',
      `/Users/${annId}`,
      patchOp({ op: 'replace', path: 'id', value: 'mine' }, { op: 'replace', path: 'active', value: false }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('mutability');
    expect((await scim.request('GET', `/Users/${annId}`)).body.active).toBe(true);
  });

  it('answers a PATCH on an unknown attribute with 400 and changes nothing', async () => {
    const res = await scim.request(
      'PATCH',
      `/Users/${annId}`,
      patchOp({ op: 'replace', path: 'active', value: false }, { op: 'add', path: 'shoeSize', value: 44 }),
    );
    expect(res.status).toBe(400);
    expect((await scim.request('GET', `/Users/${annId}`)).body.active).toBe(true);
  });

  it('answers a duplicate userName (any case) with 409 uniqueness', async () => {
    const res = await scim.request('POST', '/Users', oktaUser('ANN.LEE@example.com'));
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it('refuses a second live user with the same externalId (the Okta id sign-in maps to) with 409', async () => {
    expect(
      (await scim.request('POST', '/Users', oktaUser('first.okta@example.com', { externalId: '00uSAME' }))).status,
    ).toBe(201);
    const res = await scim.request('POST', '/Users', oktaUser('second.okta@example.com', { externalId: '00uSAME' }));
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it('lets exactly one of several concurrent creates of the same user win; the others get 409', async () => {
    const before = await userCount();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => scim.request('POST', '/Users', oktaUser('race.winner@example.com'))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.scimType === 'uniqueness')).toBe(true);
    expect(await userCount()).toBe(before + 1);
  });

  it('runs concurrent deactivations and membership changes on one group without a failure or a lost change', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await scim.request('POST', '/Users', oktaUser(`busy${i}.user@example.com`))).body.id);
    const group = (
      await scim.request('POST', '/Groups', { displayName: 'Busy', members: ids.map((value) => ({ value })) })
    ).body.id;
    const results = await Promise.all([
      ...ids
        .slice(0, 3)
        .map((id) => scim.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }))),
      ...ids
        .slice(3)
        .map((id) =>
          scim.request('PATCH', `/Groups/${group}`, patchOp({ op: 'remove', path: `members[value eq "${id}"]` })),
        ),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await scim.request('GET', `/Groups/${group}`)).body.members).toEqual([]);
  });

  it('answers an unknown endpoint with a SCIM 404', async () => {
    const res = await scim.request('GET', '/Widgets');
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });
});
