import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';

// Before role from an Okta group, every role was given by hand: a stored Owner must stay an Owner
// by hand (the last-Owner rule counts only those), and no team gives a role until an Owner maps it.
const MIGRATIONS = fileURLToPath(new URL('../../../sync-server/store/migrations/', import.meta.url));
let db: Db | null = null;
const folders: string[] = [];

afterEach(async () => {
  await db?.close();
  db = null;
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function migrationsBefore(version: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'latchkey-migrations-'));
  folders.push(folder);
  for (const file of await readdir(MIGRATIONS)) {
    if (file < version) await symlink(join(MIGRATIONS, file), join(folder, file));
  }
  return folder;
}

describe('group roles migration', () => {
  it('gives stored users their role as the role set by hand and stored teams no mapping', async () => {
    const data = await mkdtemp(join(tmpdir(), 'latchkey-group-roles-'));
    folders.push(data);
    db = await openPglite(data);
    await migrate(db, await migrationsBefore('0007'));
    const insert = 'insert into records (collection, id, doc, seq, deleted) values ($1, $2, $3, $4, false)';
    await db.query(insert, ['users', 'ada', { id: 'ada', role: 'owner', allAccess: true }, 1]);
    await db.query(insert, ['users', 'bob', { id: 'bob', role: 'user' }, 2]);
    await db.query(insert, ['teams', 'support', { id: 'support', displayName: 'Support', memberIds: ['bob'] }, 3]);

    expect(await migrate(db)).toContain('0007_group_roles');

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
