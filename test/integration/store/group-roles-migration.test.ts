import { afterEach, describe, expect, it } from 'vitest';
import { type MigrationStore, storeBefore } from '../../support/migrations';

// Before role from an Okta group, every role was given by hand: a stored Owner must stay an Owner
// by hand (the last-Owner rule counts only those), and no team gives a role until an Owner maps it.
let store: MigrationStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

describe('group roles migration', () => {
  it('gives stored users their role as the role set by hand and stored teams no mapping', async () => {
    store = await storeBefore('0007');
    const { db } = store;
    const insert = 'insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, $4, false)';
    await db.query(insert, ['users', 'ada', { id: 'ada', role: 'owner', allAccess: true }, 1]);
    await db.query(insert, ['users', 'bob', { id: 'bob', role: 'user' }, 2]);
    await db.query(insert, ['teams', 'support', { id: 'support', displayName: 'Support', memberIds: ['bob'] }, 3]);

    expect(await store.migrateThrough('0007')).toEqual(['0007_group_roles']);

    const docs = Object.fromEntries(
      (await db.query<{ id: string; doc: Record<string, unknown> }>('select id, doc from records')).map((r) => [
        r.id,
        r.doc,
      ]),
    );
    expect(docs.ada).toEqual({ id: 'ada', role: 'owner', manualRole: 'owner', allAccess: true });
    expect(docs.bob).toEqual({ id: 'bob', role: 'user', manualRole: 'user' });
    expect(docs.support).toEqual({ id: 'support', displayName: 'Support', memberIds: ['bob'], mappedRole: null });
  });
});
