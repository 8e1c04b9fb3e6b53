import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';

// Records stored before a field was added are upgraded by a migration, because the server's
// readers trust stored documents: an account without `rotationDepartedUserIds` would break the
// accounts list, a user without `allAccess` the visibility rule.
const MIGRATIONS = fileURLToPath(new URL('../../../sync-server/store/migrations/', import.meta.url));
let db: Db | null = null;
const folders: string[] = [];

afterEach(async () => {
  await db?.close();
  db = null;
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A migrations folder holding only the migrations before `version`. */
async function migrationsBefore(version: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'latchkey-migrations-'));
  folders.push(folder);
  for (const file of await readdir(MIGRATIONS)) {
    if (file < version) await symlink(join(MIGRATIONS, file), join(folder, file));
  }
  return folder;
}

describe('record defaults migration', () => {
  it('gives accounts and users stored before it the new fields, keeping every stored value', async () => {
    const data = await mkdtemp(join(tmpdir(), 'latchkey-defaults-'));
    folders.push(data);
    db = await openPglite(data);
    await migrate(db, await migrationsBefore('0004'));
    const insert = 'insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, 1, false)';
    await db.query(insert, ['accounts', 'a1', { id: 'a1', name: 'Brand', rotationRequired: true }]);
    await db.query(insert.replace('1, false', '2, false'), ['users', 'u1', { id: 'u1', givenName: 'Ann' }]);

    expect(await migrate(db)).toContain('0004_record_defaults');

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
