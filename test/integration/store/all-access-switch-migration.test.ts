import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../sync-server/store/db';
import { type MigrationStore, storeBefore } from '../../support/migrations';

// All-Access Mode became personal: the stored settings lose the workspace-wide switch, and a
// workspace that had it on re-sequences its items so admins' replicas drop what they saw through it.
const VERSION = '0005';
let opened: MigrationStore | null = null;

afterEach(async () => {
  await opened?.close();
  opened = null;
});

async function storeBeforeSwitchRemoval(): Promise<Db> {
  opened = await storeBefore(VERSION);
  return opened.db;
}

const migrateSwitchRemoval = (): Promise<string[]> => opened?.migrateThrough(VERSION) ?? Promise.resolve([]);

async function seed(store: Db, switchOn: boolean): Promise<void> {
  const insert =
    "insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, nextval('record_seq'), false)";
  await store.query(insert, ['accounts', 'a1', { id: 'a1', name: 'Brand' }]);
  await store.query(insert, ['users', 'u1', { id: 'u1', role: 'admin', allAccess: false }]);
  await store.query(insert, [
    'settings',
    'workspace',
    { id: 'workspace', name: 'Acme', extendedAccessEnabled: true, allAccessMode: switchOn },
  ]);
}

async function rows(store: Db): Promise<Map<string, { seq: number; doc: Record<string, unknown> }>> {
  const found = await store.query<{ id: string; seq: string; doc: Record<string, unknown> }>(
    'select id, seq, doc from records',
  );
  return new Map(found.map((r) => [r.id, { seq: Number(r.seq), doc: r.doc }]));
}

describe('personal All-Access migration', () => {
  it('removes a switched-on workspace switch and re-sequences the items it showed, keeping every other value', async () => {
    const store = await storeBeforeSwitchRemoval();
    await seed(store, true);
    const before = await rows(store);
    expect(await migrateSwitchRemoval()).toEqual(['0005_personal_all_access']);
    const after = await rows(store);
    expect(after.get('workspace')?.doc).toEqual({ id: 'workspace', name: 'Acme', extendedAccessEnabled: true });
    expect(after.get('workspace')?.seq).toBeGreaterThan(before.get('workspace')?.seq ?? Infinity);
    expect(after.get('a1')?.seq).toBeGreaterThan(before.get('a1')?.seq ?? Infinity);
    expect(after.get('a1')?.doc).toEqual({ id: 'a1', name: 'Brand' });
    // Nobody's personal mode is turned on in its place.
    expect(after.get('u1')).toEqual(before.get('u1'));
  });

  it('leaves the items alone when the switch was off', async () => {
    const store = await storeBeforeSwitchRemoval();
    await seed(store, false);
    const before = await rows(store);
    await migrateSwitchRemoval();
    const after = await rows(store);
    expect(after.get('workspace')?.doc).not.toHaveProperty('allAccessMode');
    expect(after.get('a1')).toEqual(before.get('a1'));
  });
});
