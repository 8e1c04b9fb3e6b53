/**
 * Fresh PGlite stores for tests, started from a copy of a migrated empty store.
 *
 * Making a PGlite store from nothing runs initdb inside WebAssembly and then every migration:
 * 4–7 s on a two-core machine, paid by every test file that starts a server on the embedded
 * default. Loading a copy (`loadDataDir`, as a restore does: store/backup-cli.ts) takes about 2 s.
 * The copy is a file under node_modules/.cache, named by a digest of the migrations and of the
 * PGlite version, so a change to either makes a new one; the first process that needs it makes it,
 * and a process that finds it being made at the same time makes its own (the last one written
 * wins; both are the same store).
 *
 * What migrations made per store is made anew on each copy: the store's epoch (two stores must
 * never share one: a replica could take one for the other) and the drift sweep's last start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOLDER, openPglite, type PgliteDb } from '../../sync-server/store/db';
import { MIGRATIONS_DIR, migrate } from '../../sync-server/store/migrate';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(REPO, 'node_modules/.cache/latchkey-test');

let template: Promise<Blob> | undefined;

/** The migrated empty store as `loadDataDir` takes it: from the cache file, made first if missing. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = join(CACHE, `pglite-migrated-${await digest()}.tar.gz`);
    const cached = await readFile(file).catch(() => null);
    if (cached !== null) return new Blob([new Uint8Array(cached)]);
    const made = await makeTemplate();
    await mkdir(CACHE, { recursive: true });
    const partial = `${file}.${randomUUID()}.part`;
    await writeFile(partial, new Uint8Array(await made.arrayBuffer()));
    await rename(partial, file);
    return made;
  })();
  // A failed attempt is not kept: the next store tries again (and reports its own failure).
  template.catch(() => {
    template = undefined;
  });
  return template;
}

async function digest(): Promise<string> {
  const hash = createHash('sha256');
  // Its package.json is not among the package's exports: read from the installed copy.
  hash.update(await readFile(join(REPO, 'node_modules/@electric-sql/pglite/package.json')));
  for (const name of (await readdir(MIGRATIONS_DIR)).sort()) {
    hash.update(name);
    hash.update(await readFile(join(MIGRATIONS_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function makeTemplate(): Promise<Blob> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-pglite-template-'));
  try {
    const db = await openPglite(dir, 'test template');
    try {
      await migrate(db);
      return await db.dumpDataDir();
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A migrated, empty PGlite store in `dataDir` (which must be empty), as a first start makes it. */
export async function openFreshPglite(dataDir: string, holder = DEFAULT_HOLDER): Promise<PgliteDb> {
  const db = await openPglite(dataDir, holder, { loadDataDir: await migratedTemplate() });
  try {
    await db.query('update store_epoch set epoch = gen_random_uuid()::text');
    await db.query('update okta_sweep set last_started_at = now()');
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
