/**
 * The whole product for end-to-end tests, every part real: the Okta simulator (OIDC sign-in
 * page, Management API, My Apps) and a sync server with the Okta org configured on a fresh
 * PostgreSQL database (stack.ts), and per signed-in person a desktop client — desktop services
 * (session, keychain on a private gnome-keyring, sync proxy) behind a browser host, the built
 * renderer in its own Chromium context, and a network switch between that client and the server.
 * The e2e fixtures start one per test and close it, with its clients, when the test ends.
 *
 * Workspace: ada (workspace Owner) owns "Brand Instagram"; team Marketing (bob) collaborates on
 * it; lou (Login-only) collaborates directly; cy has nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { CollectionName } from '../../domain/wire/collections';
import { type BrowserHost, startBrowserHost } from '../../main/browser-host/start-browser-host';
import { createAppInfoService } from '../../main/services/app-info';
import { openDesktopRuntime } from '../../main/services/desktop-runtime';
import { openKeychainSecretStore } from '../../main/services/secret-store/keychain-secret-store';
import { unavailableSecretStore } from '../../main/services/secret-store/secret-store';
import { openSettingsStore } from '../../main/services/settings/settings-store';
import type { OktaSim } from '../../okta-sim/index';
import type { BuiltApp } from '../../sync-server/app';
import { type NetworkSwitch, startNetworkSwitch } from './network-switch';
import { personSeed } from './okta-seed';
import { completeOktaSignIn } from './okta-sign-in-page';
import { sharedPrivateKeyring } from './private-keyring';
import { rendererDir } from './renderer-dir';
import type { SeedRecords } from './seed-records';
import { type ApiAnswer, type OktaOrg, startStack } from './stack';
import { makeAccount, makeCredentials, makeSettings, makeShare, makeTeam, makeUser } from './workspace-factory';

export const PEOPLE = {
  ada: { oktaId: '00uada00000000000001', role: 'owner', given: 'Ada', family: 'Lovelace' },
  bob: { oktaId: '00ubob00000000000002', role: 'user', given: 'Bob', family: 'Builder' },
  cy: { oktaId: '00ucy000000000000003', role: 'user', given: 'Cy', family: 'Young' },
  lou: { oktaId: '00ulou00000000000004', role: 'loginOnly', given: 'Lou', family: 'Reed' },
} as const;
export type Person = keyof typeof PEOPLE;
export const PASSWORD = 'Passw0rd!';
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
export const SHARED_ACCOUNT = { id: 'acct-brand', name: 'Brand Instagram', password: 'brand-secret-1' };
/**
 * More accounts like the shared one (ada Owner, Marketing Collaborator): a workspace of several
 * accounts, and accounts a test edits, fights over or unshares by name.
 */
export const EXTRA_ACCOUNTS = {
  offline: 'Vendor Portal',
  conflict: 'Support Desk',
  refused: 'Billing Portal',
  unshared: 'Design Drive',
} as const;

export interface DesktopClient {
  person: Person;
  page: Page;
  /** The sync server as this client reaches it (through its network switch). */
  syncServerUrl: string;
  context: BrowserContext;
  network: NetworkSwitch;
  /** Lets a collection's pulls or pushes held by `hold` through. */
  release(kind: 'pull' | 'push', collection: CollectionName): void;
  /** Resolves once a pull or push of the collection has been answered by the sync server. */
  answered(kind: 'pull' | 'push', collection: CollectionName): Promise<void>;
  signIn(): Promise<void>;
  close(): Promise<void>;
}

export interface ClientOptions {
  keychain?: boolean;
  /** Replication requests that wait until `release()`: a slow sync, in an order the test chooses. */
  hold?: ReplicationHold;
  /** Auto-lock after this many milliseconds without activity (the app's default otherwise: 10 minutes). */
  lockAfterMs?: number;
  /**
   * A new install: no environment variables and an empty settings folder, so sign-in waits for the
   * person to enter the sync server and the Okta issuer in Settings. Otherwise the connection comes
   * from the LATCHKEY_* variables, as `npm start` gives it, and only the timeouts can be changed.
   */
  unconfigured?: boolean;
  /** Where the client's desktop log goes (the app's log file); nowhere when absent. */
  log?: (line: string) => void;
}

export interface ReplicationHold {
  pulls?: readonly CollectionName[];
  pushes?: readonly CollectionName[];
}

export interface DesktopWorld {
  sim: OktaSim;
  server: BuiltApp;
  serverUrl: string;
  /** `keychain: false`: a machine without an OS keychain (no Secret Service): the app still works, in memory. */
  openClient(browser: Browser, person: Person, options?: ClientOptions): Promise<DesktopClient>;
  /** An Okta access token for a person, as the desktop app would send it. */
  token(person: Person): Promise<string>;
  /** One sync API call as a person (stack.ts `api`), for what a test sets up or checks beside the app. */
  api(person: Person, method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** The desktop log of every client opened through the world, one line per entry, in order. */
  log(): readonly string[];
  /** Closes the clients still open, then the server, the simulator and the database. */
  close(): Promise<void>;
}

export interface WorldOptions {
  /** The server's Okta org and credentials (default: the simulator's URL and its SSWS token). */
  oktaServer?: (sim: OktaSim) => OktaOrg;
}

export async function startDesktopWorld(options: WorldOptions = {}): Promise<DesktopWorld> {
  await sharedPrivateKeyring();
  // The Okta worker at its production idle poll: commits wake it (NOTIFY), so a test waits on no
  // poll, and a world per running test polling PostgreSQL 20 times a second cost the suite CPU.
  const stack = await startStack({
    store: 'postgres',
    name: 'e2e',
    okta: {
      seed: {
        users: (Object.keys(PEOPLE) as Person[]).map((p) =>
          personSeed(p, PEOPLE[p].oktaId, PEOPLE[p].given, PEOPLE[p].family, PASSWORD),
        ),
      },
      org: options.oktaServer,
    },
    seed: workspace(),
  });
  const { sim } = stack;
  const serverUrl = stack.server.url;
  const clients: DesktopClient[] = [];
  const lines: string[] = [];
  return {
    sim,
    server: stack.server.built,
    serverUrl,
    async openClient(browser, person, options = {}) {
      const client = await openClient(browser, person, sim, serverUrl, {
        log: (line) => lines.push(`${new Date().toISOString().slice(11, 23)} ${person}: ${line}`),
        ...options,
      });
      clients.push(client);
      return client;
    },
    log: () => lines,
    token: (person) => stack.token(PEOPLE[person].oktaId),
    api: (person, method, path, body) => stack.api(PEOPLE[person].oktaId, method, path, body),
    async close() {
      try {
        for (const client of clients.splice(0)) await client.close();
      } finally {
        await stack.close();
      }
    },
  };
}

function workspace(): SeedRecords {
  const user = (p: Person) =>
    makeUser({
      id: `user-${p}`,
      userName: `${p}@example.com`,
      givenName: PEOPLE[p].given,
      familyName: PEOPLE[p].family,
      role: PEOPLE[p].role,
      externalId: PEOPLE[p].oktaId,
    });
  const users = { ada: user('ada'), bob: user('bob'), cy: user('cy'), lou: user('lou') };
  const marketing = makeTeam({ id: 'team-marketing', displayName: 'Marketing', memberIds: [users.bob.id] });
  const account = makeAccount({
    id: SHARED_ACCOUNT.id,
    name: SHARED_ACCOUNT.name,
    appName: 'Instagram',
    loginUrl: 'https://www.instagram.com/accounts/login/',
    username: 'brand@example.com',
    labels: ['social'],
  });
  const extra = Object.entries(EXTRA_ACCOUNTS).map(([key, name]) =>
    makeAccount({ id: `acct-${key}`, name, appName: 'Zendesk', labels: ['ops'] }),
  );
  return {
    settings: [makeSettings({ name: 'Acme', extendedAccessEnabled: true })],
    users: Object.values(users),
    teams: [marketing],
    accounts: [account, ...extra],
    credentials: [makeCredentials(account.id, { password: SHARED_ACCOUNT.password, totpSecret: TOTP_SECRET })],
    shares: [
      makeShare({ account: account.id }, { user: users.ada }, 'owner', 'sh-ada-brand'),
      makeShare({ account: account.id }, { team: marketing }, 'collaborator', 'sh-marketing-brand'),
      makeShare({ account: account.id }, { user: users.lou }, 'collaborator', 'sh-lou-brand'),
      ...extra.flatMap((a) => [
        makeShare({ account: a.id }, { user: users.ada }, 'owner', `sh-ada-${a.id}`),
        makeShare({ account: a.id }, { team: marketing }, 'collaborator', `sh-marketing-${a.id}`),
      ]),
    ],
  };
}

export async function openClient(
  browser: Browser,
  person: Person,
  sim: OktaSim,
  serverUrl: string,
  options: ClientOptions,
): Promise<DesktopClient> {
  // One context per person: their own IndexedDB replica and their own Okta session cookie.
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const network = await startNetworkSwitch(serverUrl);
  const secretStore =
    options.keychain === false
      ? unavailableSecretStore('no Secret Service on this machine (test)')
      : await openKeychainSecretStore(`latchkey-e2e-${randomUUID()}`);
  const held = holdReplication(options.hold ?? {});
  // The app's own start-up path (desktop-runtime.ts): settings.json in its data folder, overridden
  // by the environment, and the desktop services built from them (again when Settings changes them).
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-e2e-desktop-'));
  if (options.lockAfterMs !== undefined) {
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ lockAfterMinutes: options.lockAfterMs / 60_000 }));
  }
  const env: Record<string, string> = options.unconfigured
    ? {}
    : {
        LATCHKEY_OIDC_ISSUER: sim.issuer,
        LATCHKEY_OIDC_CLIENT_ID: sim.clientId,
        LATCHKEY_OIDC_AUDIENCE: sim.audience,
        LATCHKEY_SYNC_SERVER_URL: network.url,
      };
  // The app logs names and error messages, never secrets (main/ipc/dispatch.ts).
  const log = (message: string, context: Record<string, unknown>): void =>
    options.log?.(
      `${message} ${JSON.stringify(context, (_key, value) => (value instanceof Error ? describeError(value) : value))}`,
    );
  const runtime = await openDesktopRuntime({
    settings: await openSettingsStore({ folder: dataDir, env, log }),
    env,
    secretStore,
    fetch: held.fetch,
    // "The system browser": the person types their Okta username and password into the simulator.
    openExternal: (url) => signInAtOkta(context, url, person),
    log,
  });
  const host: BrowserHost = await startBrowserHost({
    port: 0,
    rendererDir,
    services: {
      appInfo: createAppInfoService('browser'),
      get desktop() {
        return runtime.desktop();
      },
      settings: runtime.settings,
    },
    log,
  });
  runtime.onEvent((event, payload) => host.emit(event, payload));
  const page = await context.newPage();
  await page.goto(host.url);
  let closed: Promise<void> | undefined;
  return {
    person,
    page,
    syncServerUrl: network.url,
    context,
    network,
    release: held.release,
    answered: held.answered,
    async signIn() {
      await page.getByRole('button', { name: 'Sign in with Okta' }).click();
      try {
        await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
      } catch (error) {
        // The test log is often all there is of a failed run: say what the person was looking at.
        const shown = await page
          .locator('body')
          .ariaSnapshot()
          .catch(() => '(the page did not answer)');
        throw new Error(`${person} is not signed in 20 s after "Sign in with Okta"; the app shows:\n${shown}`, {
          cause: error,
        });
      }
    },
    close() {
      // A test may close its client itself before the world closes what is left: once is enough.
      closed ??= (async () => {
        await context.close();
        await runtime.close();
        await host.close();
        await network.close();
        await rm(dataDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

interface Signal {
  promise: Promise<void>;
  resolve(): void;
}

/** A promise and its resolve (Promise.withResolvers, which Node 20 lacks). */
function signal(): Signal {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * A fetch for main's sync proxy that keeps the named collections' pulls or pushes waiting until
 * released (a slow sync, in an order the test chooses), and tells when one has been answered.
 */
function holdReplication(hold: ReplicationHold) {
  const keys = [...(hold.pulls ?? []).map((n) => `pull/${n}`), ...(hold.pushes ?? []).map((n) => `push/${n}`)];
  const gates = new Map(keys.map((key) => [key, signal()]));
  const answered = new Map<string, Signal>();
  const answeredFor = (key: string) => {
    const waiter = answered.get(key) ?? signal();
    answered.set(key, waiter);
    return waiter;
  };
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const match = /^\/api\/v1\/replication\/([a-z]+)\/(pull|push)$/.exec(url.pathname);
    if (!match) return fetch(input, init);
    const key = `${match[2]}/${match[1]}`;
    await gates.get(key)?.promise;
    const response = await fetch(input, init);
    answeredFor(key).resolve();
    return response;
  };
  return {
    fetch: wrapped,
    release: (kind: 'pull' | 'push', name: CollectionName) => gates.get(`${kind}/${name}`)?.resolve(),
    answered: (kind: 'pull' | 'push', name: CollectionName) => answeredFor(`${kind}/${name}`).promise,
  };
}

/** A person of the world signs in at the simulator's page (okta-sign-in-page.ts). */
export async function signInAtOkta(context: BrowserContext, url: string, person: Person | string): Promise<void> {
  await completeOktaSignIn(context, url, { username: `${person}@example.com`, password: PASSWORD });
}

/** An error as a log line holds it: its name, message and causes, no stack. */
function describeError(error: Error): string {
  const cause = error.cause instanceof Error ? ` (cause: ${describeError(error.cause)})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
