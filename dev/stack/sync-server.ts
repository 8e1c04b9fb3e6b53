/**
 * Starts a real sync server for a test: port 0, a fresh PGlite folder or a fresh PostgreSQL
 * database, removed by `close()`.
 *
 *   const sim = await startOktaSim({ port: 0 });
 *   const server = await startSyncServer({ store: 'pglite', issuer: sim.issuer, audience: sim.audience });
 *   await server.seed.user({ id: 'ada', externalId: '00u…', role: 'owner' });
 *   …
 *   await server.close();
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildDeps, type BuiltApp, buildApp } from '../../sync-server/app';
import type { Db } from '../../sync-server/store/db';
import type { RecordsRepo } from '../../sync-server/store/records-repo';
import { createTestDatabase } from './postgres';

export type StoreKind = 'pglite' | 'postgres';

export interface StartSyncServerOptions extends Omit<BuildDeps, 'db'> {
  store: StoreKind;
  issuer: string;
  audience: string;
  /** Share an existing database (several servers on one PostgreSQL); not dropped by `close`. */
  databaseUrl?: string;
  /** Reuse a data folder (restart tests); not removed by `close`. */
  dataDir?: string;
  credentialsKey?: string;
  /** A credentials key file (kept apart from the data folder); then no fixed key is made up. */
  credentialsKeyFile?: string;
  /** LATCHKEY_OWNER_EMAIL: the first Owner, made when Okta provisions them. */
  ownerEmail?: string;
  /** LATCHKEY_TRUST_PROXY: balancers whose X-Forwarded-For names the client. */
  trustProxy?: string[];
}

export interface TestSyncServer {
  url: string;
  db: Db;
  repo: RecordsRepo;
  built: BuiltApp;
  dataDir: string;
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export async function startSyncServer(opts: StartSyncServerOptions): Promise<TestSyncServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'latchkey-server-')));
  const ownDb = opts.store === 'postgres' && opts.databaseUrl === undefined ? await createTestDatabase() : undefined;
  const databaseUrl = opts.store === 'postgres' ? (opts.databaseUrl ?? ownDb?.url) : undefined;
  const credentialsKey =
    opts.credentialsKey ?? (databaseUrl && !opts.credentialsKeyFile ? randomBytes(32).toString('base64') : undefined);
  const cleanup = async (): Promise<void> => {
    await ownDb?.drop();
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const {
      store: _s,
      issuer,
      audience,
      databaseUrl: _d,
      dataDir: _dd,
      credentialsKey: _k,
      credentialsKeyFile,
      ownerEmail,
      trustProxy,
      ...deps
    } = opts;
    const built = await buildApp(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        databaseUrl,
        issuer,
        audience,
        credentialsKey,
        credentialsKeyFile,
        ownerEmail,
        ...(trustProxy ? { trustProxy } : {}),
      },
      deps,
    );
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = built.app.server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      db: built.db,
      repo: built.repo,
      built,
      dataDir,
      databaseUrl,
      async close() {
        await built.close();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
