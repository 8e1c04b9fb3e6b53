import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';

// All-Access Mode became personal: the stored settings lose the workspace-wide switch, and a
// workspace that had it on re-sequences its items so admins' replicas drop what they saw through it.
const MIGRATIONS = fileURLToPath(new URL('../../../sync-server/store/migrations/', import.meta.url));
const VERSION = '0005_personal_all_access';
let db: Db | null = null;
const folders: string[] = [];

afterEach(async () => {
  await db?.close();
  db = null;
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function storeBefore(): Promise<Db> {
  const migrations = await mkdtemp(join(tmpdir(), 'latchkey-migrations-'));
  const data = await mkdtemp(join(tmpdir(), 'latchkey-all-access-'));
  folders.push(migrations, data);
  for (const file of await readdir(MIGRATIONS)) {
    if (file < VERSION) await symlink(join(MIGRATIONS, file), join(migrations, file));
  }
  db = await openPglite(data);
  await migrate(db, migrations);
  return db;
}

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
    const store = await storeBefore();
    await seed(store, true);
    const before = await rows(store);
    expect(await migrate(store)).toContain(VERSION);
    const after = await rows(store);
    expect(after.get('workspace')?.doc).toEqual({ id: 'workspace', name: 'Acme', extendedAccessEnabled: true });
    expect(after.get('workspace')?.seq).toBeGreaterThan(before.get('workspace')?.seq ?? Infinity);
    expect(after.get('a1')?.seq).toBeGreaterThan(before.get('a1')?.seq ?? Infinity);
    expect(after.get('a1')?.doc).toEqual({ id: 'a1', name: 'Brand' });
    // Nobody's personal mode is turned on in its place.
    expect(after.get('u1')).toEqual(before.get('u1'));
  });

  it('leaves the items alone when the switch was off', async () => {
    const store = await storeBefore();
    await seed(store, false);
    const before = await rows(store);
    await migrate(store);
    const after = await rows(store);
    expect(after.get('workspace')?.doc).not.toHaveProperty('allAccessMode');
    expect(after.get('a1')).toEqual(before.get('a1'));
  });
});
