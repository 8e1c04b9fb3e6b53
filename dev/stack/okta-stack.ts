/**
 * A real stack for Okta tests: the Okta simulator (port 0) and a sync server built by `buildApp`
 * with the Okta org configured, on a fresh PostgreSQL database (or PGlite folder), listening on
 * port 0. Helpers call the server's API as a given Okta user, with a real access token from the
 * simulator, and read what Okta holds from the simulator's directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OktaSim, type StartOktaSimOptions, startOktaSim } from '../../okta-sim/index';
import { type BuildDeps, type BuiltApp, buildApp } from '../../sync-server/app';
import { type ContractRecorder, OktaContract, recordContract } from '../okta-contract/okta-contract';
import { oktaUserSeed } from './okta-seed';
import { createTestDatabase, type TestDatabase } from './postgres';
import { type SeedRecords, seedRecords } from './seed-records';

export interface OktaStack {
  sim: OktaSim;
  server: BuiltApp;
  url: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seed(records: SeedRecords): Promise<void>;
  /** Calls the sync server's API as the user whose Okta id is `oktaUserId`. */
  api(oktaUserId: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
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
  store?: 'postgres' | 'pglite';
  sim?: StartOktaSimOptions;
  okta?: BuildDeps['okta'];
  /** Reuse a database (restart tests); not dropped by close. */
  databaseUrl?: string;
  /** Check every exchange with the simulator against Okta's OpenAPI description (close() fails on a violation). */
  contract?: boolean;
  /** The server's Okta org and credentials (default: the simulator's URL and SSWS token). */
  oktaServer?: (sim: OktaSim) => NonNullable<Parameters<typeof buildApp>[0]['okta']>;
}

export async function startOktaStack(opts: StackOptions = {}): Promise<OktaStack> {
  const sim = await startOktaSim({ port: 0, seed: { users: oktaUserSeed(opts.users ?? 12) }, ...opts.sim });
  const contract = opts.contract ? recordContract(sim, await OktaContract.load()) : undefined;
  const store = opts.store ?? 'postgres';
  const database: TestDatabase | undefined =
    store === 'postgres' && opts.databaseUrl === undefined ? await createTestDatabase('latchkey_okta') : undefined;
  const databaseUrl = store === 'postgres' ? (opts.databaseUrl ?? database?.url) : undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-okta-'));
  const server = await buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl,
      issuer: sim.issuer,
      audience: sim.audience,
      credentialsKey: randomBytes(32).toString('base64'),
      okta: opts.oktaServer?.(sim) ?? { orgUrl: sim.url, apiToken: sim.apiToken },
    },
    {
      okta: { ...opts.okta, worker: { leaseMs: 3000, idlePollMs: 50, ...opts.okta?.worker } },
      ...(process.env.OKTA_TEST_LOG === '1' ? { logLevel: 'info' as const } : {}),
    },
  );
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  // The server checks its connection to Okta once it listens; tests start after that call, so
  // the faults and call counts they set up never meet it.
  await eventually(
    async () =>
      ((await (await fetch(`${url}/readyz`)).json()) as { okta?: { state: string } }).okta?.state !== 'checking',
    20_000,
    'the first Okta connection check',
  );

  return {
    sim,
    server,
    url,
    databaseUrl,
    dataDir,
    seed: (records) => seedRecords(server, records),
    async api(oktaUserId, method, path, body) {
      const token = await sim.issueAccessToken(oktaUserId);
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : JSON.parse(text) };
    },
    appsFor(accountId) {
      const target = `${url}/launch/${accountId}`;
      return [...sim.directory.apps.values()]
        .filter((a) => a.url === target)
        .map((a) => ({ id: a.id, label: a.label, status: a.status, url: a.url, users: [...a.users.keys()].sort() }));
    },
    launchUrl: (accountId) => `${url}/launch/${accountId}`,
    contract,
    async close() {
      await server.close();
      await sim.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
      contract?.stop();
      if (contract)
        console.info(
          `okta contract: ${contract.exchanges} exchanges checked, ${contract.violations.length} violations`,
        );
      if (contract && contract.violations.length > 0) {
        throw new Error(
          `${contract.violations.length} of ${contract.exchanges} Okta exchanges depart from Okta's OpenAPI spec: ${JSON.stringify(contract.violations.slice(0, 10), null, 2)}`,
        );
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
