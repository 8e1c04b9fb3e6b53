/**
 * RxDB schemas of the replica, one per wire collection (domain/wire/collections.ts). The records
 * are validated with zod where they enter (pull answers, forms), so these schemas only tell RxDB
 * the primary key, the indexes and which fields are encrypted at rest. Version 0, primaryKey `id`;
 * `_deleted` is RxDB's own. No JSON-schema validator runs in the renderer: ajv compiles with
 * `new Function`, which our CSP (script-src 'self') forbids.
 */
import type { RxJsonSchema } from 'rxdb';
import type { CollectionName, RecordOf } from '../../../domain/wire/collections';

const id = { type: 'string', maxLength: 64 } as const;
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const stamp = { type: 'string', maxLength: 40 } as const;

function schema<C extends CollectionName>(
  title: C,
  properties: Record<string, object>,
  extra: { indexes?: string[]; encrypted?: string[] } = {},
): RxJsonSchema<RecordOf[C]> {
  return {
    title,
    version: 0,
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
    extensionState: text,
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
  collections: schema('collections', { name: text }),
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
    active: { type: 'boolean' },
    externalId: nullableText,
    removedAt: nullableText,
  }),
  teams: schema('teams', { displayName: text, memberIds: { type: 'array', items: text }, oktaGroupId: nullableText }),
  settings: schema('settings', {
    name: text,
    extendedAccessEnabled: { type: 'boolean' },
    allAccessMode: { type: 'boolean' },
    oktaSyncProgress: { type: ['object', 'null'] },
  }),
};
