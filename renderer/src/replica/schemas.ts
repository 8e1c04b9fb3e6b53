/**
 * RxDB schemas of the replica, one per wire collection (domain/wire/collections.ts). The records
 * are validated with zod where they enter (pull answers, forms), so these schemas only tell RxDB
 * the primary key, the indexes and which fields are encrypted at rest. primaryKey `id`; `_deleted`
 * is RxDB's own. No JSON-schema validator runs in the renderer: ajv compiles with `new Function`,
 * which our CSP (script-src 'self') forbids.
 *
 * A collection whose fields change gets the next `version` and a step in `MIGRATIONS`, so a
 * replica on disk keeps its documents (and any edit not yet pushed) across an app update: RxDB
 * runs the steps when the collection opens. A step fills the defaults the domain schema gives
 * the new fields, so a migrated document equals what a fresh pull would bring.
 */
import type { RxJsonSchema } from 'rxdb';
import type { CollectionName, RecordOf } from '../../../domain/wire/collections';

const id = { type: 'string', maxLength: 64 } as const;
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const stamp = { type: 'string', maxLength: 40 } as const;

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Per collection, the step to each version after 0 (RxDB's `migrationStrategies`). */
export const MIGRATIONS: { [C in CollectionName]?: Record<number, Migration> } = {
  accounts: {
    1: (doc) => ({ rotationRequiredAt: null, rotationDepartedUserIds: [], ...doc }),
    // Standing collection extension: every extension so far was the account's own.
    2: (doc) => ({ extendedByCollection: false, ...doc }),
  },
  collections: {
    1: (doc) => ({ extended: false, extendedAt: null, ...doc }),
  },
  users: {
    1: (doc) => ({ allAccess: false, erasedAt: null, ...doc }),
    // Role from an Okta group: every role so far was given by hand.
    2: (doc) => ({ manualRole: doc.role, ...doc }),
  },
  teams: {
    1: (doc) => ({ mappedRole: null, ...doc }),
  },
  // All-Access Mode became personal (users.allAccess): the workspace-wide switch is gone.
  settings: {
    1: ({ allAccessMode: _gone, ...doc }) => doc,
  },
};

function versionOf(collection: CollectionName): number {
  return Math.max(0, ...Object.keys(MIGRATIONS[collection] ?? {}).map(Number));
}

function schema<C extends CollectionName>(
  title: C,
  properties: Record<string, object>,
  extra: { indexes?: string[]; encrypted?: string[] } = {},
): RxJsonSchema<RecordOf[C]> {
  return {
    title,
    version: versionOf(title),
    primaryKey: 'id',
    type: 'object',
    properties: { id, updatedAt: stamp, ...properties },
    required: ['id'],
    ...(extra.indexes ? { indexes: extra.indexes } : {}),
    ...(extra.encrypted ? { encrypted: extra.encrypted } : {}),
  } as unknown as RxJsonSchema<RecordOf[C]>;
}

export const SCHEMAS: { [C in CollectionName]: RxJsonSchema<RecordOf[C]> } = {
  accounts: schema('accounts', {
    name: { type: 'string', maxLength: 200 },
    appName: text,
    loginUrl: text,
    username: text,
    labels: { type: 'array', items: text },
    collectionId: nullableText,
    loginSelectors: { type: ['object', 'null'] },
    rotationRequired: { type: 'boolean' },
    rotationRequiredAt: nullableText,
    rotationDepartedUserIds: { type: 'array', items: text },
    extensionState: text,
    extendedByCollection: { type: 'boolean' },
    extendedAt: nullableText,
    lastSyncedAt: nullableText,
    lastError: nullableText,
    oktaAppId: nullableText,
  }),
  // Secrets: encrypted at rest with the keychain key (AES-256-GCM, aes-gcm-storage.ts).
  credentials: schema(
    'credentials',
    { accountId: text, password: text, totpSecret: nullableText },
    { encrypted: ['password', 'totpSecret'] },
  ),
  collections: schema('collections', { name: text, extended: { type: 'boolean' }, extendedAt: nullableText }),
  shares: schema('shares', {
    itemType: text,
    itemId: text,
    granteeType: text,
    granteeId: text,
    role: text,
  }),
  users: schema('users', {
    userName: text,
    givenName: text,
    familyName: text,
    role: text,
    manualRole: text,
    active: { type: 'boolean' },
    externalId: nullableText,
    removedAt: nullableText,
    allAccess: { type: 'boolean' },
    erasedAt: nullableText,
  }),
  teams: schema('teams', {
    displayName: text,
    memberIds: { type: 'array', items: text },
    oktaGroupId: nullableText,
    mappedRole: nullableText,
  }),
  settings: schema('settings', {
    name: text,
    extendedAccessEnabled: { type: 'boolean' },
    oktaSyncProgress: { type: ['object', 'null'] },
  }),
};
