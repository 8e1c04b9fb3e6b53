import { afterEach, describe, expect, it } from 'vitest';
import { type MigrationStore, storeBefore } from '../../support/migrations';

// Records stored before a field was added are upgraded by a migration, because the server's
// readers trust stored documents: an account without `rotationDepartedUserIds` would break the
// accounts list, a user without `allAccess` the visibility rule.
let store: MigrationStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

describe('record defaults migration', () => {
  it('gives accounts and users stored before it the new fields, keeping every stored value', async () => {
    store = await storeBefore('0004');
    const { db } = store;
    const insert = 'insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, 1, false)';
    await db.query(insert, ['accounts', 'a1', { id: 'a1', name: 'Brand', rotationRequired: true }]);
    await db.query(insert.replace('1, false', '2, false'), ['users', 'u1', { id: 'u1', givenName: 'Ann' }]);

    expect(await store.migrateThrough('0004')).toEqual(['0004_record_defaults']);
    const docs = await db.query<{ id: string; doc: Record<string, unknown> }>(
      'select id, doc from records order by id',
    );
    expect(docs.find((r) => r.id === 'a1')?.doc).toEqual({
      id: 'a1',
      name: 'Brand',
      rotationRequired: true,
      rotationRequiredAt: null,
      rotationDepartedUserIds: [],
    });
    expect(docs.find((r) => r.id === 'u1')?.doc).toEqual({
      id: 'u1',
      givenName: 'Ann',
      allAccess: false,
      erasedAt: null,
    });
  });
});
