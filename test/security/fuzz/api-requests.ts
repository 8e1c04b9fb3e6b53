/**
 * Requests to the sync API (`/api/v1`): replication pull and push for every collection, launch
 * authorisation and the REST commands, from people of every role and from no one. Valid records
 * come from the domain schemas (through the test factories), then get mutated.
 */
import fc from 'fast-check';
import {
  makeAccount,
  makeCollection,
  makeCredentials,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { COLLECTION_NAMES, type CollectionName } from '../../../domain/wire/collections';
import { encodedBody, hostileValue, mutated } from './mutations';

export const PERSONAS = ['ada', 'bob', 'cy', 'lou', 'none', 'forged'] as const;
export type Persona = (typeof PERSONAS)[number];
const persona = fc.constantFrom(...PERSONAS);

/** Existing records (see dev/stack/sync-world.ts) and a few new ids. */
const accountId = fc.constantFrom('acct-shared', 'acct-private', 'acct-in-coll', 'acct-fz-1', 'acct-fz-2');
const collectionId = fc.constantFrom('coll-team', 'coll-fz-1', 'coll-fz-2');
const userId = fc.constantFrom('user-ada', 'user-bob', 'user-cy', 'user-lou', 'user-fz');
const word = fc.stringMatching(/^[A-Za-z ]{1,12}$/);
const at = fc.constantFrom('2026-01-01T00:00:00.000Z', new Date(0).toISOString(), '2030-12-31T23:59:59.999Z');

const DOCS: Record<CollectionName, fc.Arbitrary<object>> = {
  accounts: fc
    .record({
      id: accountId,
      name: word,
      collectionId: fc.option(collectionId, { nil: null }),
      loginUrl: fc.constantFrom('https://app.example/login', 'http://127.0.0.1:9/login', 'https://evil.example/'),
      labels: fc.array(word, { maxLength: 3 }),
      rotationRequired: fc.boolean(),
      extensionState: fc.constantFrom('off', 'pending', 'synced', 'error'),
      updatedAt: at,
    })
    .map((o) => makeAccount(o)),
  credentials: fc
    .record({ id: accountId, password: fc.string({ maxLength: 30 }), updatedAt: at })
    .map(({ id, ...rest }) => makeCredentials(id, rest)),
  collections: fc.record({ id: collectionId, name: word, updatedAt: at }).map((o) => makeCollection(o)),
  shares: fc
    .tuple(
      fc.constantFrom('sh-ada-shared', 'sh-bob-shared', 'sh-fz-1', 'sh-fz-2'),
      fc.oneof(
        accountId.map((account) => ({ account })),
        collectionId.map((collection) => ({ collection })),
      ),
      fc.oneof(
        userId.map((user) => ({ user })),
        fc.constant({ team: 'team-ops' }),
      ),
      fc.constantFrom('owner' as const, 'collaborator' as const),
    )
    .map(([id, item, grantee, role]) => makeShare(item, grantee, role, id)),
  users: fc
    .record({ id: userId, role: fc.constantFrom('owner', 'admin', 'user'), allAccess: fc.boolean() })
    .map((o) => makeUser(o)),
  teams: fc
    .record({
      id: fc.constantFrom('team-ops', 'team-fz'),
      memberIds: fc.array(userId, { maxLength: 3 }),
      // A pushed mapping must be refused like any team write: only the Owner's command maps.
      mappedRole: fc.constantFrom(null, 'owner', 'admin'),
    })
    .map((o) => makeTeam(o)),
  // The old workspace-wide All-Access switch rides along: the server must ignore it.
  settings: fc
    .record({ extendedAccessEnabled: fc.boolean(), name: word, allAccessMode: fc.boolean() })
    .map(({ allAccessMode, ...o }) => ({ ...makeSettings(o), allAccessMode })),
};

function pushRows(collection: CollectionName): fc.Arbitrary<unknown> {
  const doc = DOCS[collection].chain((d) =>
    fc.constantFrom(
      { ...d, _deleted: false },
      { ...d, _deleted: true },
      { id: (d as { id: string }).id, _deleted: true },
    ),
  );
  const row = fc.record({
    newDocumentState: doc,
    assumedMasterState: fc.oneof(fc.constant(null), doc),
  });
  return fc.array(row, { minLength: 1, maxLength: 4 });
}

export type ApiOperation = {
  persona: Persona;
  method: string;
  path: string;
  body: { body: string | undefined; contentType: string | undefined } | undefined;
};

const collectionSegment = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<string>(...COLLECTION_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('nothing', '__proto__', 'constructor', '%00', 'Accounts', 'accounts%2Fpush'),
  },
);
const checkpoint = fc.oneof(
  fc.nat({ max: 10_000 }).map(String),
  fc.constantFrom('', '-1', '1e9', '9999999999999999', 'abc', '0x1', '%00'),
);
const limit = fc.oneof(fc.integer({ min: -1, max: 2_100 }).map(String), fc.constantFrom('', 'NaN', '1.5', '%00'));
/** The store epoch a checkpoint came from: a well-formed id of another store, or junk. */
const epoch = fc.oneof(
  fc.uuid(),
  fc.constantFrom('', 'deadbeef', '../etc', '%00', 'x'.repeat(100), "'; drop table store_epoch; --"),
);

const pull: fc.Arbitrary<ApiOperation> = fc
  .record(
    { persona, collection: collectionSegment, checkpoint, epoch, limit },
    { requiredKeys: ['persona', 'collection'] },
  )
  .map(({ persona, collection, checkpoint, epoch, limit }) => {
    const query = new URLSearchParams();
    if (checkpoint !== undefined) query.set('checkpoint', checkpoint);
    if (epoch !== undefined) query.set('epoch', epoch);
    if (limit !== undefined) query.set('limit', limit);
    return { persona, method: 'GET', path: `/api/v1/replication/${collection}/pull?${query}`, body: undefined };
  });

const push: fc.Arbitrary<ApiOperation> = fc
  .tuple(persona, fc.constantFrom(...COLLECTION_NAMES))
  .chain(([persona, collection]) =>
    encodedBody(mutated(pushRows(collection)), 'application/json').map((body) => ({
      persona,
      method: 'POST',
      path: `/api/v1/replication/${collection}/push`,
      body,
    })),
  );

const pathId = fc.oneof(
  { weight: 4, arbitrary: accountId },
  { weight: 1, arbitrary: fc.constantFrom('%00', 'a'.repeat(65), '..%2F', '%ud800', '__proto__', ' ') },
);

const jsonBody = (value: fc.Arbitrary<unknown>) => encodedBody(mutated(value), 'application/json');
const userTarget = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('user-cy', 'user-fz') },
  { weight: 1, arbitrary: fc.constantFrom('%00', 'a'.repeat(65), '__proto__', '..%2F') },
);

const rest: fc.Arbitrary<ApiOperation> = fc
  .oneof(
    pathId.map((id) => ({ method: 'POST', path: `/api/v1/launch/${id}/authorize`, body: undefined })),
    fc
      .tuple(pathId, jsonBody(fc.record({ nonce: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) })))
      .map(([id, body]) => ({ method: 'POST', path: `/api/v1/launch/${id}/authorize`, body })),
    pathId.map((id) => ({ method: 'GET', path: `/launch/${id}`, body: undefined })),
    fc
      .tuple(pathId, jsonBody(fc.record({ launchId: fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) })))
      .map(([id, body]) => ({ method: 'POST', path: `/api/v1/launch/${id}/secrets`, body })),
    pathId.map((id) => ({ method: 'POST', path: `/api/v1/accounts/${id}/sync`, body: undefined })),
    fc
      .tuple(
        fc.constantFrom('POST', 'DELETE'),
        fc.constantFrom('accounts', 'collections'),
        fc.oneof(pathId, collectionId),
      )
      .map(([method, kind, id]) => ({ method, path: `/api/v1/${kind}/${id}/extend`, body: undefined })),
    // Not the probes' users (ada, lou) nor the fuzz's main member (bob): an unlink or role change sticks.
    userTarget.map((id) => ({ method: 'POST', path: `/api/v1/users/${id}/unlink-okta`, body: undefined })),
    userTarget.map((id) => ({ method: 'POST', path: `/api/v1/users/${id}/erase`, body: undefined })),
    fc
      .tuple(
        userTarget,
        jsonBody(fc.record({ role: fc.constantFrom('owner', 'admin', 'user', 'loginOnly', 'superAdmin') })),
      )
      .map(([id, body]) => ({ method: 'PUT', path: `/api/v1/users/${id}/role`, body })),
    fc
      .tuple(
        fc.oneof(pathId, fc.constantFrom('team-ops', 'team-fz')),
        jsonBody(fc.record({ role: fc.constantFrom(null, 'owner', 'admin', 'user', 'loginOnly', 'superAdmin') })),
      )
      .map(([id, body]) => ({ method: 'PUT', path: `/api/v1/teams/${id}/role`, body })),
    fc.constant({ method: 'GET', path: '/api/v1/accounts/orphaned', body: undefined }),
    fc
      .tuple(pathId, jsonBody(fc.record({ userId: userTarget })))
      .map(([id, body]) => ({ method: 'POST', path: `/api/v1/accounts/${id}/owner`, body })),
    jsonBody(fc.record({ enabled: fc.boolean() })).map((body) => ({
      method: 'PUT',
      path: '/api/v1/workspace/extended-access',
      body,
    })),
    fc.constant({ method: 'POST', path: '/api/v1/workspace/remove-all-extensions', body: undefined }),
    fc.constant({ method: 'POST', path: '/api/v1/me/sync-extended', body: undefined }),
    jsonBody(fc.record({ on: fc.boolean() })).map((body) => ({ method: 'PUT', path: '/api/v1/me/all-access', body })),
    fc.constant({ method: 'GET', path: '/api/v1/okta/status', body: undefined }),
    fc.constant({ method: 'POST', path: '/api/v1/okta/connection/check', body: undefined }),
    // Account logos: any type, any bytes (a PNG header, SVG text, random), or no body at all.
    fc
      .tuple(
        pathId,
        jsonBody(
          fc.record({
            mediaType: fc.constantFrom('image/png', 'image/svg+xml', 'image/gif', 'text/html'),
            data: fc.oneof(
              fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString('base64')),
              fc
                .string({ maxLength: 200 })
                .map((t) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${t}</svg>`).toString('base64')),
              fc
                .uint8Array({ maxLength: 64 })
                .map((b) =>
                  Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(b)]).toString(
                    'base64',
                  ),
                ),
              fc.string({ maxLength: 40 }),
            ),
          }),
        ),
      )
      .map(([id, body]) => ({ method: 'PUT', path: `/api/v1/accounts/${id}/logo`, body })),
    fc
      .tuple(fc.constantFrom('GET', 'DELETE'), pathId)
      .map(([method, id]) => ({ method, path: `/api/v1/accounts/${id}/logo`, body: undefined })),
    fc.constant({ method: 'GET', path: '/api/v1/accounts/logos', body: undefined }),
    fc.constant({ method: 'GET', path: '/api/v1/me', body: undefined }),
    fc.constantFrom('GET', 'POST', 'DELETE').map((method) => ({ method, path: '/api/v1/scim-token', body: undefined })),
    fc
      .record(
        {
          kind: fc.constantFrom('change', 'scim', 'okta', 'launch', 'refusal', 'nope', ''),
          userId: fc.oneof(userId, hostileValue.map(String)),
          recordId: accountId,
          before: fc.constantFrom('2026-01-01T00:00:00Z|a|1', 'x|y|z', '%00', "'|a|1"),
          limit,
        },
        { requiredKeys: [] },
      )
      .map((q) => ({
        method: 'GET',
        path: `/api/v1/audit?${new URLSearchParams(q as Record<string, string>)}`,
        body: undefined,
      })),
    fc
      .constantFrom(
        '/api/v1/nothing',
        '/api/v1/me/nothing',
        '/api/v1/replication/stream?x=%00',
        '/api/v2/replication/accounts/pull',
      )
      .map((path) => ({ method: 'GET', path, body: undefined })),
  )
  .chain((op) => persona.map((p) => ({ ...op, persona: p }) as ApiOperation));

export const apiOperation: fc.Arbitrary<ApiOperation> = fc.oneof(
  { weight: 3, arbitrary: pull },
  { weight: 5, arbitrary: push },
  { weight: 3, arbitrary: rest },
);
