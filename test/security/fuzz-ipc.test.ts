/**
 * Fuzz: the IPC contract as a compromised renderer would call it — any channel name, any input —
 * through the one dispatch both hosts use, over the real desktop services signed in to a real
 * Okta simulator and sync server (bob, through the system browser). For every call: a result
 * value in the contract's shape (never a throw, never a hang), a malformed input refused as
 * `bad-input` or `unknown-channel` with nothing written on the server, and no answer that
 * carries a token.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { IpcFailure, ipcChannels } from '../../domain/ipc-contract';
import { COLLECTION_NAMES } from '../../domain/wire/collections';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createAppInfoService } from '../../main/services/app-info';
import { type DesktopRuntime, openDesktopRuntime } from '../../main/services/desktop-runtime';
import { createDesktopServices, type DesktopServices } from '../../main/services/desktop-services';
import { unavailableSecretStore } from '../../main/services/secret-store/secret-store';
import { openSettingsStore } from '../../main/services/settings/settings-store';
import { launchSystemBrowser, type SystemBrowser } from '../integration/desktop-services/browser-driver';
import { apiOperation } from './fuzz/api-requests';
import { assertParameters, fuzzBudget, testTimeoutFor } from './fuzz/budget';
import { FuzzViolation, prototypeSnapshot } from './fuzz/http-oracle';
import { hostileValue, mutated } from './fuzz/mutations';
import { fingerprint } from './support/store-fingerprint';

const budget = fuzzBudget(600, 0.3);
let world: SyncWorld;
let browser: SystemBrowser;
let desktop: DesktopServices;
let dispatch: Dispatch;
let bobToken: string;
let settingsFolder: string;
let settingsRuntime: DesktopRuntime;

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  browser = await launchSystemBrowser({ username: 'bob@example.com', password: 'Passw0rd!' });
  desktop = createDesktopServices({
    config: {
      issuer: world.sim.issuer,
      clientId: world.sim.clientId,
      audience: world.sim.audience,
      syncServerUrl: world.server.url,
    },
    // No keychain: the session lives in memory, as on a machine without one.
    secretStore: unavailableSecretStore('the fuzz suite keeps nothing'),
    openExternal: browser.openExternal,
  });
  // The settings channels over a real settings file; the environment holds the server and Okta, so
  // no fuzzed save can move the session this run needs (that path has tests of its own).
  settingsFolder = await mkdtemp(path.join(tmpdir(), 'latchkey-fuzz-settings-'));
  const env = { LATCHKEY_SYNC_SERVER_URL: world.server.url, LATCHKEY_OIDC_ISSUER: world.sim.issuer };
  settingsRuntime = await openDesktopRuntime({
    settings: await openSettingsStore({ folder: settingsFolder, env, log: () => {} }),
    env,
    secretStore: unavailableSecretStore('the fuzz suite keeps nothing'),
    openExternal: browser.openExternal,
    log: () => {},
  });
  // Without a launcher the launch channels answer that launching is not available; their inputs
  // are still parsed by the same dispatch before anything runs.
  dispatch = createDispatch(
    createIpcHandlers({ appInfo: createAppInfoService('browser'), desktop, settings: settingsRuntime.settings }),
    () => {},
  );
  const signedIn = await dispatch('session:sign-in', undefined);
  expect(signedIn).toMatchObject({ ok: true, value: { ok: true } });
  const token = await desktop.session.accessToken();
  bobToken = token.ok ? token.value : '';
});
afterAll(async () => {
  await settingsRuntime?.close();
  if (settingsFolder) await rm(settingsFolder, { recursive: true, force: true });
  desktop?.close();
  await browser?.close();
  await world?.close();
});

const CHANNELS = Object.keys(ipcChannels) as (keyof typeof ipcChannels)[];

/**
 * Valid calls of every channel but two: sign-in opens the system browser and sign-out ends the
 * session the rest of the run needs; both still receive malformed input below.
 */
const validInput = fc.oneof(
  fc
    .constantFrom('app:info', 'session:status', 'sync:connectivity', 'replica:key', 'session:activity', 'settings:get')
    .map((channel) => ({
      channel,
      input: undefined as unknown,
    })),
  fc
    .record({
      collection: fc.constantFrom(...COLLECTION_NAMES),
      checkpoint: fc.oneof(
        fc.constant(null),
        fc.nat({ max: 5000 }).map((seq) => ({ seq })),
      ),
      limit: fc.integer({ min: 1, max: 2000 }),
    })
    .map((input) => ({ channel: 'sync:pull', input })),
  apiOperation
    .filter((op) => op.path.includes('/push') && op.body?.body !== undefined)
    .map((op) => ({
      channel: 'sync:push',
      input: { collection: op.path.split('/')[4], rows: safeJson(op.body?.body) },
    })),
  apiOperation.map((op) => ({
    channel: 'api:request',
    input: { method: op.method, path: op.path, body: safeJson(op.body?.body) },
  })),
  fc
    .record(
      {
        syncServerUrl: fc.oneof(fc.webUrl(), fc.string()),
        issuer: fc.oneof(fc.webUrl(), fc.string()),
        clientId: fc.string({ maxLength: 200 }),
        lockAfterMinutes: fc.oneof(
          fc.double({ min: -10, max: 2000, noNaN: true }).map(String),
          fc.string({ maxLength: 40 }),
        ),
        clipboardClearSeconds: fc.oneof(fc.integer({ min: -5, max: 5000 }).map(String), fc.string({ maxLength: 40 })),
      },
      { requiredKeys: [] },
    )
    .map((input) => ({ channel: 'settings:save', input })),
  fc.record({ accountId: fc.constantFrom('acct-shared', 'acct-private', 'nope') }).map((input) => ({
    channel: 'launch:open',
    input,
  })),
  fc
    .record({
      launchId: fc.string({ minLength: 1, maxLength: 64 }),
      password: fc.string(),
      totpSecret: fc.constant(null),
    })
    .map((input) => ({ channel: 'launch:fill', input })),
  fc
    .record({ launchId: fc.string({ minLength: 1, maxLength: 64 }), confirm: fc.boolean() })
    .map((input) => ({ channel: 'launch:confirm', input })),
);

const call = fc.oneof(
  { weight: 2, arbitrary: validInput },
  {
    weight: 4,
    arbitrary: validInput.chain(({ channel, input }) =>
      mutated(fc.constant(input)).map((i) => ({ channel, input: i })),
    ),
  },
  { weight: 1, arbitrary: mutated(validInput) },
  {
    weight: 1,
    arbitrary: fc.record({
      channel: fc.oneof(
        fc.constantFrom(...CHANNELS),
        fc.constantFrom('__proto__', 'constructor', 'toString', 'sync:pull\u0000'),
        fc.string(),
      ),
      input: hostileValue,
    }),
  },
);

describe('fuzz: the IPC contract', () => {
  it(
    'answers every call with a result in the contract, refuses malformed input before any service, and leaks no token',
    async () => {
      const prototypes = prototypeSnapshot();
      const codes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(call, async (raw) => {
          const { channel, input } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
            channel?: unknown;
            input?: unknown;
          };
          const before = await fingerprint(world.server.db);
          const result = await withTimeout(dispatch(channel, input), 20_000);
          const label = result.ok ? 'ok' : result.code;
          codes.set(label, (codes.get(label) ?? 0) + 1);
          if (JSON.stringify(result).includes(bobToken))
            throw new FuzzViolation('an IPC answer carried the access token');
          if (!result.ok) {
            if (!IpcFailure.safeParse(result).success)
              throw new FuzzViolation(`not an IpcFailure: ${JSON.stringify(result)}`);
            if (result.code === 'bad-input' || result.code === 'unknown-channel') {
              const after = await fingerprint(world.server.db);
              if (JSON.stringify(after) !== JSON.stringify(before)) {
                throw new FuzzViolation(`a ${result.code} call changed the server's store`);
              }
            }
            return;
          }
          const spec = ipcChannels[channel as keyof typeof ipcChannels];
          if (!spec.output.safeParse(result.value).success) {
            throw new FuzzViolation(
              `${String(channel)} answered outside its contract: ${JSON.stringify(result.value)}`,
            );
          }
        }),
        assertParameters(budget),
      );
      console.log(`fuzz IPC: results ${JSON.stringify(Object.fromEntries(codes))}`);
      expect(prototypeSnapshot()).toEqual(prototypes);
      expect(await dispatch('session:status', undefined)).toMatchObject({ ok: true, value: { signedIn: true } });
    },
    testTimeoutFor(budget, 60_000),
  );
});

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzViolation(`no answer within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
