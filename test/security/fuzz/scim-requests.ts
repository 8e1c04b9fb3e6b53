/**
 * SCIM requests as Okta's provisioning client sends them (RFC 7644), and as an attacker holding
 * the SCIM token would twist them: Users and Groups, POST/PUT/PATCH/DELETE, filters and paging.
 */
import fc from 'fast-check';
import { SCIM_GROUP_SCHEMA, SCIM_PATCH_SCHEMA, SCIM_USER_SCHEMA } from '../../../domain/scim-schemas';
import { encodedBody, hostileValue, mutated } from './mutations';

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const email = fc.tuple(word, fc.constantFrom('example.com', 'acme.test')).map(([u, d]) => `${u}@${d}`);
const oktaId = fc.stringMatching(/^00u[a-z0-9]{17}$/);

export const scimUser = fc
  .record({
    userName: email,
    externalId: fc.option(oktaId, { nil: undefined }),
    givenName: word,
    familyName: word,
    active: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ userName, externalId, givenName, familyName, active }) => ({
    schemas: [SCIM_USER_SCHEMA],
    userName,
    ...(externalId ? { externalId } : {}),
    name: { givenName, familyName },
    emails: [{ value: userName, type: 'work', primary: true }],
    ...(active === undefined ? {} : { active }),
  }));

/** `memberIds` are resolved at run time from the ids the server handed out so far. */
export const scimGroup = fc.record({
  schemas: fc.constant([SCIM_GROUP_SCHEMA]),
  displayName: word,
  members: fc.array(fc.record({ value: fc.constantFrom('user-bob', 'user-cy', 'no-such-user') }), { maxLength: 3 }),
});

const PATCH_PATHS = [
  'active',
  'externalId',
  'userName',
  'name.givenName',
  'name.familyName',
  'displayName',
  'members',
  'members[value eq "user-cy"]',
  'emails[type eq "work"].value',
  'urn:ietf:params:scim:schemas:core:2.0:User:active',
  'id',
  'meta.created',
  'groups',
  'nickName',
  'unknown',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'members[value eq "x"].__proto__',
  'name[givenName eq "x"',
  '',
];

const patchOperation = fc.record(
  {
    op: fc.constantFrom('add', 'remove', 'replace', 'Replace', 'ADD', 'move', ''),
    path: fc.constantFrom(...PATCH_PATHS),
    value: fc.oneof(
      hostileValue,
      fc.constant({ active: false }),
      fc.constant({ displayName: 'Renamed' }),
      fc.constant([{ value: 'user-cy' }]),
      fc.boolean(),
      fc.constant('00u11111111111111111'),
    ),
  },
  { requiredKeys: ['op'] },
);

export const scimPatch = fc.record({
  schemas: fc.constant([SCIM_PATCH_SCHEMA]),
  Operations: fc.array(patchOperation, { minLength: 1, maxLength: 4 }),
});

const FILTER_ATTRIBUTES = [
  'userName',
  'emails.value',
  'externalId',
  'active',
  'displayName',
  'id',
  'meta.lastModified',
  'meta.created',
  'name.givenName',
  'members.value',
  'password',
  'x',
];
const FILTER_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'xx'];
const filterValue = fc.oneof(
  fc.constantFrom(
    '"ada@example.com"',
    '"2026"',
    '"2026-01-01T00:00:00Z"',
    '"not a date"',
    'true',
    'false',
    'null',
    '5',
    '"\u0000"',
    '"\ud800"',
    '"\\"',
    '""',
  ),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
);
const comparison = fc
  .tuple(fc.constantFrom(...FILTER_ATTRIBUTES), fc.constantFrom(...FILTER_OPS), filterValue)
  .map(([a, op, v]) => (op === 'pr' ? `${a} pr` : `${a} ${op} ${v}`));
export const scimFilter = fc.oneof(
  { weight: 6, arbitrary: comparison },
  {
    weight: 3,
    arbitrary: fc
      .tuple(comparison, fc.constantFrom('and', 'or', 'AND'), comparison)
      .map(([a, j, b]) => `${a} ${j} ${b}`),
  },
  { weight: 1, arbitrary: comparison.map((c) => `not (${c})`) },
  { weight: 1, arbitrary: comparison.map((c) => `emails[${c}]`) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('(', 'userName eq', 'userName eq "a" and', '"'.repeat(100), '('.repeat(500), 'a'.repeat(5000)),
    ),
  },
);

const pageParam = fc.oneof(
  fc.integer({ min: -5, max: 600 }).map(String),
  fc.constantFrom('', 'abc', '1e3', '99999999999', '-0', '0x10', '1.5'),
);

/** Ids: those the run created (by index), seeded ones open to change, and hostile ones. */
export const scimId = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((n) => ({ created: n })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('user-bob', 'user-cy', 'team-ops', 'no-such-id').map((id) => ({ fixed: id })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '%00',
        '%ud800',
        'a'.repeat(65),
        '..%2F..%2Fetc',
        'user-bob%00',
        '%E0%A4%A',
        ' ',
        'a.b',
        '__proto__',
      )
      .map((id) => ({ fixed: id })),
  },
);
export type ScimIdChoice = { created: number } | { fixed: string };

export type ScimOperation =
  | { kind: 'list'; resource: 'Users' | 'Groups'; filter?: string; startIndex?: string; count?: string }
  | { kind: 'get' | 'delete'; resource: 'Users' | 'Groups'; id: ScimIdChoice }
  | { kind: 'post'; resource: 'Users' | 'Groups'; body: { body: string | undefined; contentType: string | undefined } }
  | {
      kind: 'put' | 'patch';
      resource: 'Users' | 'Groups';
      id: ScimIdChoice;
      body: { body: string | undefined; contentType: string | undefined };
      ifMatch?: string;
    }
  | { kind: 'raw'; method: string; path: string };

const resource = fc.constantFrom<'Users' | 'Groups'>('Users', 'Groups');
const MEDIA = 'application/scim+json';
const resourceBody = fc.oneof(mutated(scimUser), mutated(scimGroup));

export const scimOperation: fc.Arbitrary<ScimOperation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('list' as const),
        resource,
        filter: scimFilter,
        startIndex: pageParam,
        count: pageParam,
      },
      { requiredKeys: ['kind', 'resource'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('get' as const, 'delete' as const), resource, id: scimId }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('post' as const), resource, body: encodedBody(resourceBody, MEDIA) }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('put' as const),
        resource,
        id: scimId,
        body: encodedBody(resourceBody, MEDIA),
        ifMatch: fc.constantFrom('*', 'W/"1"', '"x"', '\u00ff'),
      },
      { requiredKeys: ['kind', 'resource', 'id', 'body'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      resource,
      id: scimId,
      body: encodedBody(mutated(scimPatch), MEDIA),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      path: fc.constantFrom(
        '/Users/',
        '/Users/x/y',
        '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
        '/ResourceTypes/%00',
        '/ServiceProviderConfig',
        '/Bulk',
        '/Me',
        '/Users?filter=',
        '/Users?startIndex=1&startIndex=2',
        '/Users?filter=a&filter=b',
      ),
    }),
  },
);
