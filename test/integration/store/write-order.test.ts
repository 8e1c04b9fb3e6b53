/**
 * Writers take no lock across the deployment, yet an incremental reader never skips a row:
 * against real PostgreSQL, two pools (two server processes' worth) write concurrently, one
 * transaction takes its position early and commits after later ones, another is killed midway,
 * and a replica pulling by checkpoint all along ends equal to a fresh full pull.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { makeUser } from '../../../dev/stack/workspace-factory';
import type { User } from '../../../domain/records';
import { pullFor } from '../../../sync-server/replication/pull';
import { createCipher } from '../../../sync-server/store/credentials-cipher';
import { type Db, openPostgres, type Queryable } from '../../../sync-server/store/db';
import { migrate } from '../../../sync-server/store/migrate';
import { RECORD_LOCKS_MAX, RecordsRepo } from '../../../sync-server/store/records-repo';
import { WorkspaceCache } from '../../../sync-server/workspace/workspace-cache';

const SYSTEM = { type: 'system', name: 'write-order test' } as const;

let database: TestDatabase;
let one: Db;
let two: Db;
let admin: Db;
const key = randomBytes(32);
const repoOne = new RecordsRepo(createCipher(key));
const repoTwo = new RecordsRepo(createCipher(key));
const reader = new WorkspaceCache(repoOne);

beforeAll(async () => {
  database = await createTestDatabase();
  one = await openPostgres(database.url, 8);
  two = await openPostgres(database.url, 8);
  admin = await openPostgres(database.url, 2);
  await migrate(one);
  await one.transaction((tx) => repoOne.put(tx, 'users', makeUser({ id: 'reader' }), SYSTEM));
});

afterAll(async () => {
  await Promise.all([one?.close(), two?.close(), admin?.close()]);
  await database?.drop();
});

/** A replica of the users collection (every member sees every user), pulled by checkpoint. */
class Replica {
  readonly docs = new Map<string, User>();
  private checkpoint: { tx?: number; seq: number; epoch?: string } | undefined;
  pulls = 0;

  async pull(): Promise<void> {
    this.pulls++;
    const state = await reader.current(one);
    const page = await pullFor({ db: one, repo: repoOne }, state, 'reader', 'users', {
      tx: this.checkpoint?.tx,
      checkpoint: this.checkpoint?.seq,
      epoch: this.checkpoint?.epoch,
      limit: 7,
    });
    const body = JSON.parse(page.json) as { documents: (User & { _deleted: boolean })[] };
    for (const { _deleted, ...doc } of body.documents) {
      if (_deleted) this.docs.delete(doc.id);
      else this.docs.set(doc.id, doc as User);
    }
    this.checkpoint = page.checkpoint;
  }

  /** Pulls until it holds `ids` (each pull either brings rows or finds none yet). */
  async pullUntil(ids: ReadonlySet<string>, maxPulls = 500): Promise<void> {
    for (let i = 0; i < maxPulls; i++) {
      if ([...ids].every((id) => this.docs.has(id))) return;
      await this.pull();
    }
    throw new Error(`after ${maxPulls} pulls the replica still lacks ${[...ids].filter((id) => !this.docs.has(id))}`);
  }
}

async function fullPull(): Promise<Map<string, string>> {
  const fresh = new Replica();
  await fresh.pull();
  for (let i = 0; i < 1000; i++) {
    const before = fresh.pulls;
    const size = fresh.docs.size;
    await fresh.pull();
    if (fresh.docs.size === size && fresh.pulls === before + 1) break;
  }
  return new Map([...fresh.docs].map(([id, doc]) => [id, doc.givenName]));
}

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

describe('write order without a global lock (PostgreSQL, two pools)', () => {
  it('never skips a row that commits after rows at later positions, and a killed writer stalls nobody', async () => {
    const replica = new Replica();
    await replica.pull();

    // A transaction takes its position first and holds it open.
    const slowWrote = gate();
    const slowMayCommit = gate();
    const slow = one.transaction(async (tx) => {
      await repoOne.put(tx, 'users', makeUser({ id: 'slow', givenName: 'Slow' }), SYSTEM);
      slowWrote.open();
      await slowMayCommit.wait;
    });
    await slowWrote.wait;

    // A writer that will be killed midway, on the other pool.
    const doomedWrote = gate();
    let doomedPid = 0;
    const doomed = two
      .transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
        doomedPid = row?.pid ?? 0;
        await repoTwo.put(tx, 'users', makeUser({ id: 'doomed', givenName: 'Doomed' }), SYSTEM);
        doomedWrote.open();
        // A statement that would run for an hour: the transaction ends only when killed.
        await tx.query('select pg_sleep(3600)');
      })
      .catch((error: unknown) => error);
    await doomedWrote.wait;

    // Many later writes, from both pools at once, all committed.
    const later = Array.from({ length: 40 }, (_, i) => `later-${i}`);
    await Promise.all(
      later.map((id, i) => {
        const [db, repo] = i % 2 === 0 ? [one, repoOne] : [two, repoTwo];
        return db.transaction((tx) => repo.put(tx, 'users', makeUser({ id, givenName: `v${i}` }), SYSTEM));
      }),
    );

    // While the slow one runs, the reader can take nothing past it: the later rows wait.
    await replica.pull();
    expect(replica.docs.has('slow')).toBe(false);
    expect(later.some((id) => replica.docs.has(id))).toBe(false);

    // The slow transaction commits after the later ones; the killed one never does.
    slowMayCommit.open();
    await slow;
    await admin.query('select pg_terminate_backend($1)', [doomedPid]);
    expect(await doomed).toBeInstanceOf(Error);

    await replica.pullUntil(new Set(['slow', ...later]));
    expect(replica.docs.has('doomed')).toBe(false);

    // Edits after all that, one of them to a record the reader already holds, still arrive.
    await two.transaction((tx) => repoTwo.put(tx, 'users', makeUser({ id: 'later-3', givenName: 'edited' }), SYSTEM));
    await one.transaction((tx) => repoOne.put(tx, 'users', makeUser({ id: 'last', givenName: 'Last' }), SYSTEM));
    await replica.pullUntil(new Set(['last']));

    const held = new Map([...replica.docs].map(([id, doc]) => [id, doc.givenName]));
    expect(held).toEqual(await fullPull());
    expect(held.get('later-3')).toBe('edited');
  });

  it('keeps every concurrent edit of one record, in order, with no lost update', async () => {
    await one.transaction((tx) => repoOne.put(tx, 'users', makeUser({ id: 'counter', givenName: '0' }), SYSTEM));
    // Forty read-modify-writes of one record from two pools: each must see the one before.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const [db, repo] = i % 2 === 0 ? [one, repoOne] : [two, repoTwo];
        return db.transaction(async (tx) => {
          const user = await repo.getForUpdate(tx, 'users', 'counter');
          if (user === null) throw new Error('counter vanished');
          await repo.put(tx, 'users', { ...user, givenName: String(Number(user.givenName) + 1) }, SYSTEM);
        });
      }),
    );
    expect((await repoOne.get(one, 'users', 'counter'))?.givenName).toBe('40');
  });

  it('commits one transaction that writes 15,000 records (an import, a large cascade)', async () => {
    const users = Array.from({ length: 15_000 }, (_, i) => ({ doc: makeUser({ id: `bulk-${i}` }) }));
    await one.transaction((tx) => repoOne.putMany(tx, 'users', users, SYSTEM));
    const [stored] = await admin.query<{ n: number }>(
      "select count(*)::int as n from records where collection = 'users' and id like 'bulk-%'",
    );
    expect(stored?.n).toBe(15_000);
  });

  it('keeps every edit of one record when large and small transactions write it side by side', async () => {
    await one.transaction((tx) => repoOne.put(tx, 'users', makeUser({ id: 'mixed', givenName: '0' }), SYSTEM));
    const increment = async (tx: Queryable, repo: RecordsRepo) => {
      const user = await repo.getForUpdate(tx, 'users', 'mixed');
      if (user === null) throw new Error('counter vanished');
      await repo.put(tx, 'users', { ...user, givenName: String(Number(user.givenName) + 1) }, SYSTEM);
    };
    // Small ones lock the record alone; large ones lock more records than one transaction may
    // lock one by one, before or after the counter, so they hold every record at once.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const [db, repo] = i % 2 === 0 ? [one, repoOne] : [two, repoTwo];
        const others = Array.from({ length: RECORD_LOCKS_MAX }, (_, n) => `wide-${i}-${n}`);
        return db.transaction(async (tx) => {
          if (i % 3 === 0) await repo.lockRecords(tx, 'users', others);
          await increment(tx, repo);
          if (i % 3 === 1) await repo.lockRecords(tx, 'users', others);
        });
      }),
    );
    expect((await repoOne.get(one, 'users', 'mixed'))?.givenName).toBe('24');
  });

  it('runs a transaction that outgrew its record locks again with the wide lock, even if it caught the request', async () => {
    let attempts = 0;
    await one.transaction(async (tx) => {
      attempts++;
      await repoOne.lockRecords(tx, 'users', ['outgrown-0']);
      const wide = Array.from({ length: RECORD_LOCKS_MAX }, (_, n) => `outgrown-${n + 1}`);
      // A caller that swallows errors must not get to commit with half its locks.
      await repoOne.lockRecords(tx, 'users', wide).catch(() => undefined);
      await repoOne.put(tx, 'users', makeUser({ id: 'outgrown-0', givenName: String(attempts) }), SYSTEM);
    });
    expect(attempts).toBe(2);
    expect((await repoOne.get(one, 'users', 'outgrown-0'))?.givenName).toBe('2');
  });
});
