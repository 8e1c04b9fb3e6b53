import { afterEach, describe, expect, it } from 'vitest';
import { type MigrationStore, storeBefore } from '../../support/migrations';

// Before collections could be extended as a standing choice, every extension was made on the
// account itself: after the migration no collection is extended and every stored extension stays
// the account's own, so nothing leaves Okta when an account later moves out of its collection.
let store: MigrationStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

describe('collection extension migration', () => {
  it('marks stored collections not extended and stored accounts extended on their own', async () => {
    store = await storeBefore('0009');
    const { db } = store;
    const insert = 'insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, $4, false)';
    await db.query(insert, ['collections', 'social', { id: 'social', name: 'Social' }, 1]);
    await db.query(insert, ['accounts', 'insta', { id: 'insta', collectionId: 'social', extensionState: 'synced' }, 2]);
    await db.query(insert, ['accounts', 'tiktok', { id: 'tiktok', collectionId: null, extensionState: 'off' }, 3]);

    expect(await store.migrateThrough('0009')).toEqual(['0009_collection_extension']);

    const docs = Object.fromEntries(
      (await db.query<{ id: string; doc: Record<string, unknown> }>('select id, doc from records')).map((r) => [
        r.id,
        r.doc,
      ]),
    );
    expect(docs.social).toEqual({ id: 'social', name: 'Social', extended: false, extendedAt: null });
    expect(docs.insta).toEqual({
      id: 'insta',
      collectionId: 'social',
      extensionState: 'synced',
      extendedByCollection: false,
    });
    expect(docs.tiktok).toEqual({
      id: 'tiktok',
      collectionId: null,
      extensionState: 'off',
      extendedByCollection: false,
    });
  });
});
