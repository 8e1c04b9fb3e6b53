/**
 * `npm run bench -- replication`: on PGlite and on PostgreSQL, a fresh RxDB replica's initial
 * pull of 20,000 accounts with their shares (target: under 5 s), then a push of 1,000 edits
 * made offline. Real server, real simulator tokens, real RxDB client (memory storage).
 *
 * The workspace is bulk-inserted with SQL (the fixture, not what is measured); every measured
 * request goes through authentication, RBAC filtering and the records repository.
 */
import { performance } from 'node:perf_hooks';
import { startReplica } from '../dev/stack/rxdb-replica';
import { seedRecords } from '../dev/stack/seed-records';
import type { StoreKind } from '../dev/stack/stack';
import { startSyncServer } from '../dev/stack/sync-server';
import { makeAccount, makeSettings, makeShare, makeUser } from '../dev/stack/workspace-factory';
import type { Account, Share } from '../domain/records';
import { startOktaSim } from '../okta-sim/index';
import type { Db } from '../sync-server/store/db';

const ACCOUNTS = 20_000;
const EDITS = 1_000;
const OKTA_ID = '00ubench000000000001';

export default async function replicationBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = { accounts: ACCOUNTS, offline_edits: EDITS };
  // BENCH_STORES=postgres (or pglite) runs one store only, for profiling.
  const stores = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',') as StoreKind[];
  for (const store of stores) Object.assign(figures, await runOn(store));
  return figures;
}

async function runOn(store: StoreKind): Promise<Record<string, number>> {
  const sim = await startOktaSim({
    port: 0,
    seed: {
      users: [
        {
          id: OKTA_ID,
          login: 'bench@example.com',
          email: 'bench@example.com',
          firstName: 'Bench',
          lastName: 'User',
          password: 'x',
        },
      ],
    },
  });
  const server = await startSyncServer({ store, issuer: sim.issuer, audience: sim.audience });
  try {
    const user = makeUser({ id: 'user-bench', role: 'user', externalId: OKTA_ID });
    await seedRecords(server, { settings: [makeSettings()], users: [user] });
    await bulkInsert(server.db, user.id);
    // A running server has its workspace indexed already (buildApp warms it at start); the bulk
    // insert bypassed the write path, so index it here and report that cost on its own.
    const tIndex = performance.now();
    await server.built.cache.current(server.db);
    const indexS = (performance.now() - tIndex) / 1000;

    const t0 = performance.now();
    const replica = await startReplica({
      url: server.url,
      token: () => sim.issueAccessToken(OKTA_ID),
      deviceId: 'bench-device',
      collections: ['accounts', 'shares'],
      pullBatchSize: 2000,
    });
    await replica.sync();
    const pullS = (performance.now() - t0) / 1000;
    const pulledAccounts = await replica.collections.accounts.count().exec();
    const pulledShares = await replica.collections.shares.count().exec();
    if (pulledAccounts !== ACCOUNTS || pulledShares !== ACCOUNTS) {
      throw new Error(
        `${store}: pulled ${pulledAccounts} accounts and ${pulledShares} shares, expected ${ACCOUNTS} each`,
      );
    }

    await replica.goOffline();
    const docs = await replica.collections.accounts.find({ limit: EDITS }).exec();
    await replica.collections.accounts.bulkUpsert(
      docs.map((d) => ({ ...d.toMutableJSON(), labels: ['edited-offline'] })),
    );
    const t1 = performance.now();
    await replica.goOnline();
    await replica.sync();
    const pushS = (performance.now() - t1) / 1000;
    const [edited] = await server.db.query<{ n: number }>(
      "select count(*)::int as n from records where collection = 'accounts' and doc->'labels' ? 'edited-offline'",
    );
    if (edited?.n !== EDITS) throw new Error(`${store}: ${edited?.n} edits reached the server, expected ${EDITS}`);
    await replica.close();

    return {
      [`${store}_index_${ACCOUNTS}_accounts_s`]: round(indexS),
      [`${store}_initial_pull_s`]: round(pullS),
      [`${store}_initial_pull_docs_per_s`]: Math.round((pulledAccounts + pulledShares) / pullS),
      [`${store}_initial_pull_accounts_per_s`]: Math.round(pulledAccounts / pullS),
      [`${store}_push_${EDITS}_offline_edits_s`]: round(pushS),
      [`${store}_push_edits_per_s`]: Math.round(EDITS / pushS),
    };
  } finally {
    await server.close();
    await sim.close();
  }
}

/** 20,000 accounts, each shared with the bench user as owner (one share per account). */
async function bulkInsert(db: Db, userId: string): Promise<void> {
  const BATCH = 2000;
  for (let start = 0; start < ACCOUNTS; start += BATCH) {
    const accounts: Account[] = [];
    const shares: Share[] = [];
    for (let i = start; i < Math.min(ACCOUNTS, start + BATCH); i++) {
      const account = makeAccount({ id: `acct-b${i}`, name: `Account ${i}`, labels: ['bench'] });
      accounts.push(account);
      shares.push(makeShare({ account }, { user: userId }, 'owner', `share-b${i}`));
    }
    await db.transaction(async (tx) => {
      for (const [collection, docs] of [
        ['accounts', accounts],
        ['shares', shares],
      ] as const) {
        await tx.query(
          `insert into records (collection, id, seq, deleted, doc)
           select $1, d->>'id', nextval('record_seq'), false, d from jsonb_array_elements($2::jsonb) as d`,
          [collection, JSON.stringify(docs)],
        );
      }
    });
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
