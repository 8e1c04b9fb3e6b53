/**
 * The one starter of a running system for tests, benchmarks and the worlds built on it: a store (a
 * fresh PGlite folder or PostgreSQL database), a sync server built by `buildApp` on port 0 and,
 * with `okta`, the Okta simulator whose tokens the server trusts and whose org it manages.
 *
 *   const stack = await startStack({ store: 'pglite', okta: { seed: { users } }, seed: { users: [...] } });
 *   const answer = await stack.api(oktaUserId, 'GET', '/api/v1/okta/status');
 *   await stack.close();
 *
 * `close()` undoes what the start did, last step first; a start that fails undoes its earlier
 * steps before it throws, so no simulator, database or folder outlives it. Built on it:
 * okta-stack.ts (numbered Okta users), sync-world.ts and desktop-world.ts (a seeded workspace of
 * named people), sync-server.ts (a server alone).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OktaSim, type StartOktaSimOptions, startOktaSim } from '../../okta-sim/index';
import { type BuildDeps, type BuiltApp, buildApp } from '../../sync-server/app';
import type { ServerConfig } from '../../sync-server/config';
import type { Db } from '../../sync-server/store/db';
import type { RecordsRepo } from '../../sync-server/store/records-repo';
import { type ContractRecorder, OktaContract, recordContract } from '../okta-contract/okta-contract';
import { eventually } from './eventually';
import { openFreshPglite } from './pglite-template';
import { createTestDatabase } from './postgres';
import { type SeedRecords, seedRecords } from './seed-records';

export type StoreKind = 'pglite' | 'postgres';

/** The Okta org, and the credentials, the server manages extended access with. */
export type OktaOrg = NonNullable<ServerConfig['okta']>;

export interface StackOktaOptions extends Omit<StartOktaSimOptions, 'port'> {
  /** Check every Management API exchange against Okta's OpenAPI description; `close()` then fails on a violation. */
  contract?: boolean;
  /**
   * The org the server manages: the simulator's, with its SSWS token, unless a function names
   * other credentials or another org; `false`: sign-in only (no Management API, no Okta worker).
   */
  org?: false | ((sim: OktaSim) => OktaOrg);
}

export interface StackServerOptions extends Omit<BuildDeps, 'db'> {
  /** The access tokens the server accepts: the simulator's when the stack has one. */
  issuer?: string;
  audience?: string;
  /** Share an existing database (several servers on one PostgreSQL, restarts); not dropped by `close`. */
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

export interface StackOptions {
  store: StoreKind;
  /** Names the database and data folder the stack makes (`latchkey_<name>_…`): a leaked one says whose it is. */
  name?: string;
  /** Start the Okta simulator. */
  okta?: StackOktaOptions;
  server?: StackServerOptions;
  /** Records written once the server listens. */
  seed?: SeedRecords;
}

export interface StackServer {
  url: string;
  db: Db;
  repo: RecordsRepo;
  built: BuiltApp;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Stops the server and removes the store made for it; the simulator runs on (restart tests). */
  close(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

export interface ServerStack {
  server: StackServer;
  seed(records: SeedRecords): Promise<void>;
  /** Undoes the start, last step first; what is already undone (`server.close()`) is not undone again. */
  close(): Promise<void>;
}

export interface Stack extends ServerStack {
  sim: OktaSim;
  /** With `okta.contract`: what the exchanges with the simulator were checked against so far. */
  contract: ContractRecorder | undefined;
  /** An access token from the simulator for the user whose Okta id is `oktaUserId`. */
  token(oktaUserId: string, opts?: Parameters<OktaSim['issueAccessToken']>[1]): Promise<string>;
  /** One sync API call as that user (their bearer token, a JSON body when given), answered as parsed JSON. */
  api(oktaUserId: string, method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

export function startStack(options: StackOptions & { okta: StackOktaOptions }): Promise<Stack>;
export function startStack(
  options: StackOptions & { okta?: undefined; server: StackServerOptions & { issuer: string; audience: string } },
): Promise<ServerStack>;
export async function startStack(options: StackOptions): Promise<ServerStack | Stack> {
  const teardown = new Teardown();
  try {
    const okta = options.okta && (await startOkta(options.okta, teardown));
    const server = await startServer(options, okta?.sim, teardown);
    const seed = (records: SeedRecords) => seedRecords(server, records);
    if (options.seed) await seed(options.seed);
    const close = () => teardown.run();
    if (!okta) return { server, seed, close };
    const { sim, contract } = okta;
    const token: Stack['token'] = (oktaUserId, opts) => sim.issueAccessToken(oktaUserId, opts);
    return {
      server,
      seed,
      close,
      sim,
      contract,
      token,
      api: async (oktaUserId, method, path, body) =>
        callApi(`${server.url}${path}`, await token(oktaUserId), method, body),
    };
  } catch (err) {
    // The start's own error says what went wrong; one from undoing it would only hide that.
    await teardown.run().catch(() => undefined);
    throw err;
  }
}

async function startOkta(options: StackOktaOptions, teardown: Teardown) {
  const { contract: checked, org: _org, ...simOptions } = options;
  const sim = await startOktaSim({ port: 0, ...simOptions });
  teardown.add(() => sim.close());
  const contract = checked ? recordContract(sim, await OktaContract.load()) : undefined;
  if (contract) teardown.add(() => settleContract(contract));
  return { sim, contract };
}

/** Stops recording, says how many exchanges were checked, and fails on any departure from Okta's spec. */
function settleContract(contract: ContractRecorder): void {
  contract.stop();
  console.info(`okta contract: ${contract.exchanges} exchanges checked, ${contract.violations.length} violations`);
  if (contract.violations.length > 0) {
    throw new Error(
      `${contract.violations.length} of ${contract.exchanges} Okta exchanges depart from Okta's OpenAPI spec: ${JSON.stringify(contract.violations.slice(0, 10), null, 2)}`,
    );
  }
}

async function startServer(options: StackOptions, sim: OktaSim | undefined, stackTeardown: Teardown) {
  // The server's own steps, so `server.close()` undoes them alone.
  const teardown = new Teardown();
  stackTeardown.add(() => teardown.run());
  const name = options.name ?? 'test';
  const {
    issuer = sim?.issuer,
    audience = sim?.audience,
    databaseUrl: sharedDatabase,
    dataDir: givenDir,
    credentialsKey,
    credentialsKeyFile,
    ownerEmail,
    trustProxy,
    ...deps
  } = options.server ?? {};
  if (issuer === undefined || audience === undefined) {
    throw new Error('startStack: without the simulator (okta), server.issuer and server.audience are needed');
  }
  const dataDir = givenDir ?? (await mkdtemp(join(tmpdir(), `latchkey-${name}-`)));
  if (givenDir === undefined) teardown.add(() => rm(dataDir, { recursive: true, force: true }));
  let databaseUrl = options.store === 'postgres' ? sharedDatabase : undefined;
  if (options.store === 'postgres' && sharedDatabase === undefined) {
    const database = await createTestDatabase(`latchkey_${name}`);
    teardown.add(() => database.drop());
    databaseUrl = database.url;
  }
  const orgOf = options.okta?.org;
  const org = sim && orgOf !== false ? (orgOf?.(sim) ?? { orgUrl: sim.url, apiToken: sim.apiToken }) : undefined;
  // A new PGlite folder starts from the process's migrated copy (pglite-template.ts); the app
  // closes the store it is given.
  const freshPglite = databaseUrl === undefined && givenDir === undefined ? await openFreshPglite(dataDir) : undefined;
  const built = await buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl,
      issuer,
      audience,
      // PGlite keeps its key file in the data folder, where a restart on the folder finds it again.
      credentialsKey:
        credentialsKey ?? (databaseUrl && !credentialsKeyFile ? randomBytes(32).toString('base64') : undefined),
      credentialsKeyFile,
      ownerEmail,
      ...(trustProxy ? { trustProxy } : {}),
      okta: org,
    },
    // A worker that stops hands its accounts on within 3 s, not production's 15.
    {
      ...deps,
      ...(freshPglite ? { db: freshPglite } : {}),
      okta: { ...deps.okta, worker: { leaseMs: 3000, ...deps.okta?.worker } },
    },
  ).catch(async (error: unknown) => {
    await freshPglite?.close();
    throw error;
  });
  teardown.add(() => built.close());
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
  if (org) await firstOktaCheck(url);
  return {
    url,
    db: built.db,
    repo: built.repo,
    built,
    dataDir,
    databaseUrl,
    close: () => teardown.run(),
  } satisfies StackServer;
}

/**
 * The server checks its connection to Okta once it listens. Callers start after that check, so
 * the faults and call counts a test sets up never meet it, and a screen opened then shows its outcome.
 */
async function firstOktaCheck(url: string): Promise<void> {
  await eventually(
    async () =>
      ((await (await fetch(`${url}/readyz`)).json()) as { okta?: { state: string } }).okta?.state !== 'checking',
    20_000,
    'the first Okta connection check',
  );
}

async function callApi(url: string, token: string, method: string, body: unknown): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** What a start did, undone once, last step first; every step runs even when an earlier one fails. */
class Teardown {
  readonly #steps: (() => unknown)[] = [];
  #done: Promise<void> | undefined;

  add(step: () => unknown): void {
    this.#steps.push(step);
  }

  run(): Promise<void> {
    this.#done ??= (async () => {
      const failures: unknown[] = [];
      for (const step of [...this.#steps].reverse()) {
        try {
          await step();
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'several steps of closing the stack failed');
    })();
    return this.#done;
  }
}
