/**
 * A real stack for Okta tests (stack.ts): the Okta simulator seeded with numbered users and a sync
 * server managing its org, on a fresh PostgreSQL database (or PGlite folder). Helpers call the
 * server's API as a given Okta user, with a real access token from the simulator, and read what
 * Okta holds from the simulator's directory.
 */
import type { OktaSim, StartOktaSimOptions } from '../../okta-sim/index';
import type { BuildDeps, BuiltApp } from '../../sync-server/app';
import type { ContractRecorder } from '../okta-contract/okta-contract';
import { oktaUserSeed } from './okta-seed';
import type { SeedRecords } from './seed-records';
import { type OktaOrg, type Stack, type StoreKind, startStack } from './stack';

export interface OktaStack {
  sim: OktaSim;
  server: BuiltApp;
  url: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seed(records: SeedRecords): Promise<void>;
  /** Calls the sync server's API as the user whose Okta id is `oktaUserId`. */
  api: Stack['api'];
  /** Bookmark apps in the simulated org whose launch URL points at this server's account. */
  appsFor(accountId: string): SimAppView[];
  launchUrl(accountId: string): string;
  /** With `contract: true`: every Management API exchange checked against Okta's OpenAPI spec. */
  contract: ContractRecorder | undefined;
  /** Stops everything; with `contract: true`, then fails if any exchange departed from the spec. */
  close(): Promise<void>;
}

export interface SimAppView {
  id: string;
  label: string;
  status: string;
  url: string | null;
  /** Directly assigned Okta user ids, sorted. */
  users: string[];
}

export interface StackOptions {
  users?: number;
  store?: StoreKind;
  sim?: Omit<StartOktaSimOptions, 'port'>;
  okta?: BuildDeps['okta'];
  /** Reuse a database (restart tests); not dropped by close. */
  databaseUrl?: string;
  /** Check every exchange with the simulator against Okta's OpenAPI description (close() fails on a violation). */
  contract?: boolean;
  /** The server's Okta org and credentials (default: the simulator's URL and SSWS token). */
  oktaServer?: (sim: OktaSim) => OktaOrg;
}

export async function startOktaStack(opts: StackOptions = {}): Promise<OktaStack> {
  const stack = await startStack({
    store: opts.store ?? 'postgres',
    name: 'okta',
    okta: {
      seed: { users: oktaUserSeed(opts.users ?? 12) },
      ...opts.sim,
      contract: opts.contract,
      org: opts.oktaServer,
    },
    server: {
      databaseUrl: opts.databaseUrl,
      okta: opts.okta,
      ...(process.env.OKTA_TEST_LOG === '1' ? { logLevel: 'info' as const } : {}),
    },
  });
  const { sim, server } = stack;
  const launchUrl = (accountId: string) => `${server.url}/launch/${accountId}`;
  return {
    sim,
    server: server.built,
    url: server.url,
    databaseUrl: server.databaseUrl,
    dataDir: server.dataDir,
    seed: stack.seed,
    api: stack.api,
    appsFor(accountId) {
      const target = launchUrl(accountId);
      return [...sim.directory.apps.values()]
        .filter((a) => a.url === target)
        .map((a) => ({ id: a.id, label: a.label, status: a.status, url: a.url, users: [...a.users.keys()].sort() }));
    },
    launchUrl,
    contract: stack.contract,
    close: stack.close,
  };
}
