/**
 * Okta's "SCIM 2.0 SPEC Test" (the Runscope suite every OIN SCIM integration must pass), request
 * for request and assertion for assertion:
 * https://developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json, run as described
 * in developer.okta.com/docs/guides/scim-provisioning-integration-prepare ("Test your SCIM API").
 *
 * Initial variables as Okta's Initial Script sets them. Its documented example gives randomEmail
 * and randomUsername the same value, which Latchkey requires (userName = primary email).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, type ScimHarness, STORES, startScim } from '../../../dev/stack/scim-harness';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe.each(STORES)('Okta SCIM 2.0 SPEC Test (%s)', (store) => {
  let scim: ScimHarness;
  const randomGivenName = 'Runscope300';
  const randomFamilyName = 'Hfluaklab151';
  const randomUsername = `${randomGivenName}${randomFamilyName}@example.com`;
  const randomEmail = randomUsername;
  const randomUsernameCaps = randomUsername.toUpperCase();
  const UserIdThatDoesNotExist = '010101001010101011001010101011';
  let ISVUserid = '';
  let idUserOne = '';
  const filterBy = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

  beforeAll(async () => {
    scim = await startScim(store);
    // "Create at least one user in your SCIM server before running the Okta SCIM API test suite."
    expect((await scim.request('POST', '/Users', oktaUser('first.existing@example.com'))).status).toBe(201);
  });
  afterAll(() => scim?.close());

  it('Required Test: Test Users endpoint', async () => {
    const res = await scim.request('GET', '/Users?count=1&startIndex=1');
    expect(res.status).toBe(200);
    expect(res.body.Resources.length).toBeGreaterThan(0);
    expect(res.body.schemas).toContain(LIST);
    expect(typeof res.body.itemsPerPage).toBe('number');
    expect(typeof res.body.startIndex).toBe('number');
    expect(typeof res.body.totalResults).toBe('number');
    const first = res.body.Resources[0];
    expect(first.id).toBeTruthy();
    expect(first.name.familyName).toBeTruthy();
    expect(first.name.givenName).toBeTruthy();
    expect(first.userName).toBeTruthy();
    expect(first.active).toBe(true);
    expect(first.emails[0].value).toBeTruthy();
    ISVUserid = first.id;
  });

  it('Required Test: Get Users/{{id}}', async () => {
    const res = await scim.request('GET', `/Users/${ISVUserid}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBeTruthy();
    expect(res.body.name.familyName).toBeTruthy();
    expect(res.body.name.givenName).toBeTruthy();
    expect(res.body.userName).toBeTruthy();
    expect(res.body.active).toBe(true);
    expect(res.body.emails[0].value).toBeTruthy();
    expect(res.body.id).toBe(ISVUserid);
  });

  it('Required Test: Test invalid User by username', async () => {
    const res = await scim.request('GET', filterBy('abcdefgh@example.com'));
    expect(res.status).toBe(200);
    expect(res.body.schemas).toContain(LIST);
    expect(res.body.totalResults).toBe(0);
  });

  it('Required Test: Test invalid User by ID', async () => {
    const res = await scim.request('GET', `/Users/${UserIdThatDoesNotExist}`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toBeTruthy();
    expect(res.body.schemas).toContain(ERROR);
  });

  it("Required Test: Make sure random user doesn't exist", async () => {
    const res = await scim.request('GET', filterBy(randomUsername));
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
    expect(res.body.schemas).toContain(LIST);
  });

  const createBody = (email: string) => ({
    schemas: [USER],
    userName: randomUsername,
    name: { givenName: randomGivenName, familyName: randomFamilyName },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: `${randomGivenName} ${randomFamilyName}`,
    active: true,
  });

  it('Required Test: Create Okta user with realistic values', async () => {
    // The suite sends this one as application/json with Accept: application/scim+json.
    const res = await scim.raw('POST', '/Users', {
      body: JSON.stringify(createBody(randomEmail)),
      headers: { 'content-type': 'application/json', accept: 'application/scim+json; charset=utf-8' },
    });
    expect(res.status).toBe(201);
    expect(res.body.active).toBe(true);
    expect(res.body.id).toBeTruthy();
    expect(res.body.name.familyName).toBe(randomFamilyName);
    expect(res.body.name.givenName).toBe(randomGivenName);
    expect(res.body.schemas).toContain(USER);
    expect(res.body.userName).toBe(randomUsername);
    idUserOne = res.body.id;
  });

  it('Required Test: Verify that user was created', async () => {
    const res = await scim.request('GET', `/Users/${idUserOne}`);
    expect(res.status).toBe(200);
    expect(res.body.userName).toBe(randomUsername);
    expect(res.body.name.familyName).toBe(randomFamilyName);
    expect(res.body.name.givenName).toBe(randomGivenName);
  });

  it('Required Test: Expect failure when recreating user with same values', async () => {
    const res = await scim.raw('POST', '/Users', {
      body: JSON.stringify(createBody(randomUsername)),
      headers: { 'content-type': 'application/json', accept: 'application/scim+json; charset=utf-8' },
    });
    expect(res.status).toBe(409);
  });

  it('Required Test: Username Case Sensitivity Check', async () => {
    const res = await scim.request('GET', filterBy(randomUsernameCaps));
    expect(res.status).toBe(200);
    // Beyond the suite's status check: userName is caseExact=false (RFC 7643 §4.1.1), so it matches.
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].id).toBe(idUserOne);
  });

  it('Optional Test: Verify Groups endpoint', async () => {
    const res = await scim.request('GET', '/Groups');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.Resources)).toBe(true);
  });

  it('Required Test: Check status 401', async () => {
    const res = await scim.raw('GET', filterBy(randomUsernameCaps), { headers: { authorization: 'non-token' } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBeTruthy();
    expect(res.body.status).toBe('401');
    expect(res.body.schemas).toContain(ERROR);
  });

  it('Required Test: Check status 404', async () => {
    const res = await scim.request('GET', '/Users/00919288221112222');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBeTruthy();
    expect(res.body.status).toBe('404');
    expect(res.body.schemas).toContain(ERROR);
  });
});
