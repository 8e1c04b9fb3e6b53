/**
 * The whole system on one machine, in one process: the Okta simulator with the demo
 * organisation, the sync server on PGlite (data in `<dataDir>/server`), SCIM provisioning done by
 * the simulator exactly as Okta does (users by group assignment, groups pushed as teams), Okta
 * pushes going to the simulator, and the demo workspace (demo-workspace.ts). The desktop app is
 * started separately (demo-desktop.ts, or Electron with `desktopEnv`).
 *
 *   const demo = await startDemo({ dataDir: '.latchkey', reset: false });
 *   console.log(demo.urls.myApps, demo.logins);
 *   await demo.close();
 */
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';
import { type BuiltApp, buildApp } from '../../sync-server/app';
import { rotateScimToken } from '../../sync-server/scim/token';
import { DEMO_GROUPS, type DemoLogin, demoLogins, readDemoSeed } from './demo-org';
import { DEMO_ACCOUNT_IDS, prepareDemoWorkspace } from './demo-workspace';

export interface StartDemoOptions {
  /** Everything the demo keeps lives here (`.latchkey/` for `npm start`). */
  dataDir: string;
  /** Delete the data folder first (`npm start -- --reset`). */
  reset?: boolean;
  /** PostgreSQL instead of PGlite (tests use a fresh database each). */
  databaseUrl?: string;
  /** 0 = any free port (tests). */
  simPort?: number;
  serverPort?: number;
  log?: (line: string) => void;
  /** How long to wait for the first Okta push of the demo accounts. */
  oktaSyncTimeoutMs?: number;
}

export interface Demo {
  sim: OktaSim;
  server: BuiltApp;
  urls: { okta: string; myApps: string; demoApp: string; syncServer: string; issuer: string };
  logins: DemoLogin[];
  accountIds: typeof DEMO_ACCOUNT_IDS;
  /** What the desktop app needs to sign in and sync (desktop-config.ts reads these). */
  desktopEnv: Record<string, string>;
  /** Where the desktop keeps its data (link forwarder token file). */
  desktopDataDir: string;
  close(): Promise<void>;
}

export class DemoStartError extends Error {
  override readonly name = 'DemoStartError';
  readonly code = 'demo_start_failed';
}

export async function startDemo(options: StartDemoOptions): Promise<Demo> {
  const log = options.log ?? (() => undefined);
  if (options.reset) {
    await rm(options.dataDir, { recursive: true, force: true });
    log(`reset: removed ${options.dataDir}`);
  }
  const seed = await readDemoSeed();
  const sim = await startOktaSim({ port: options.simPort ?? 0, seed });
  const closers: (() => Promise<void>)[] = [() => sim.close()];
  const close = async () => {
    for (const closer of closers.reverse())
      await closer().catch((error: unknown) => log(`close failed: ${String(error)}`));
  };
  try {
    const server = await buildApp(
      {
        port: options.serverPort ?? 0,
        host: '127.0.0.1',
        dataDir: path.join(options.dataDir, 'server'),
        databaseUrl: options.databaseUrl,
        issuer: sim.issuer,
        audience: sim.audience,
        okta: { orgUrl: sim.url, apiToken: sim.apiToken },
      },
      { okta: { worker: { idlePollMs: 100 } } },
    );
    closers.push(() => server.close());
    await server.app.listen({ port: options.serverPort ?? 0, host: '127.0.0.1' });
    const syncServer = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;

    // Okta's side of "Provisioning → To App": the integration's SCIM base URL and bearer token.
    const { token } = await rotateScimToken(server.db, 'demo');
    sim.admin.setScimTarget(`${syncServer}/scim/v2`, token);
    for (const group of Object.values(DEMO_GROUPS)) {
      await sim.admin.assignGroupToApp(group);
      await sim.admin.pushGroup(group);
    }
    const failed = sim.provisioning.tasks().filter((t) => t.status !== 'SUCCESS');
    if (failed.length > 0) throw new DemoStartError(`SCIM provisioning failed: ${JSON.stringify(failed.slice(0, 3))}`);

    const demoApp = `${sim.url}/demo-app/login`;
    log(`workspace: ${await prepareDemoWorkspace(server, seed, demoApp)}`);
    await waitForOktaSync(server, options.oktaSyncTimeoutMs ?? 30_000);

    const desktopDataDir = path.join(options.dataDir, 'desktop');
    return {
      sim,
      server,
      urls: { okta: sim.url, myApps: `${sim.url}/app/UserHome`, demoApp, syncServer, issuer: sim.issuer },
      logins: demoLogins(seed),
      accountIds: DEMO_ACCOUNT_IDS,
      desktopEnv: {
        LATCHKEY_OIDC_ISSUER: sim.issuer,
        LATCHKEY_OIDC_CLIENT_ID: sim.clientId,
        LATCHKEY_OIDC_AUDIENCE: sim.audience,
        LATCHKEY_SYNC_SERVER_URL: syncServer,
        LATCHKEY_DESKTOP_DATA_DIR: desktopDataDir,
      },
      desktopDataDir,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Bounded poll until the demo accounts are chiclets in the simulator (the worker runs on its own). */
async function waitForOktaSync(server: BuiltApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accounts = await Promise.all(
      Object.values(DEMO_ACCOUNT_IDS).map((id) => server.repo.get(server.db, 'accounts', id)),
    );
    const states = accounts.map((a) => a?.extensionState);
    if (states.every((s) => s === 'synced')) return;
    if (states.includes('error'))
      throw new DemoStartError(`Okta push failed: ${accounts.map((a) => a?.lastError).join('; ')}`);
    if (Date.now() > deadline)
      throw new DemoStartError(`Okta push did not finish in ${timeoutMs} ms (states: ${states.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
