/**
 * One person's desktop app that can be quit and started again on the same machine: the same
 * Chromium profile (IndexedDB replica, localStorage), the same keychain entries and the same
 * network path to the sync server — only the host process (desktop services + browser host) is
 * new each time, and it restores the session at start-up as the CLI does (`void desktop.start()`).
 *
 * The host listens on the same port every time (probed free once): the replica lives in the
 * origin's IndexedDB, and a new port is a new origin with an empty replica — as `--port` is for
 * the browser-host CLI, and the fixed `app://` origin for Electron.
 */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { type DesktopWorld, type Person, signInAtOkta } from '../../../dev/stack/desktop-world';
import { type NetworkSwitch, startNetworkSwitch } from '../../../dev/stack/network-switch';
import { rendererDir } from '../../../dev/stack/renderer-dir';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/start-browser-host';
import { createAppInfoService } from '../../../main/services/app-info';
import { createDesktopServices, type DesktopServices } from '../../../main/services/desktop-services';
import { openKeychainSecretStore } from '../../../main/services/secret-store/keychain-secret-store';
import type { SecretStore } from '../../../main/services/secret-store/secret-store';

export interface RunningApp {
  readonly page: Page;
  /** This run's main-side services, to look at what main still holds in memory. */
  readonly desktop: DesktopServices;
  /** Quits the app: the window and the host process end; profile and keychain stay. */
  quit(): Promise<void>;
}

export interface Machine {
  readonly context: BrowserContext;
  /** Between this machine and the sync server: `disconnect()` is the server being unreachable. */
  readonly network: NetworkSwitch;
  /** This machine's keychain entries (the test reads the refresh token to revoke it at Okta). */
  readonly keychain: SecretStore;
  /** `beforeOpen` sees the window before it loads the app, to watch what it sends from the first frame. */
  start(options?: { beforeOpen?: (page: Page) => void }): Promise<RunningApp>;
  close(): Promise<void>;
}

/** `person`: one of the world's people, or the login name (before `@example.com`) of one a test added to Okta. */
export async function openMachine(browser: Browser, world: DesktopWorld, person: Person | string): Promise<Machine> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const network = await startNetworkSwitch(world.serverUrl);
  const secretStore: SecretStore = await openKeychainSecretStore(`latchkey-e2e-${randomUUID()}`);
  const running = new Set<RunningApp>();
  const port = await freePort();

  async function start(options: { beforeOpen?: (page: Page) => void } = {}): Promise<RunningApp> {
    const desktop = createDesktopServices({
      config: {
        issuer: world.sim.issuer,
        clientId: world.sim.clientId,
        audience: world.sim.audience,
        syncServerUrl: network.url,
      },
      secretStore,
      openExternal: (url) => signInAtOkta(context, url, person),
    });
    const host: BrowserHost = await startBrowserHost({
      port,
      rendererDir,
      services: { appInfo: createAppInfoService('browser'), desktop },
      log: () => {},
    });
    desktop.onEvent((event, payload) => host.emit(event, payload));
    void desktop.start();
    const page = await context.newPage();
    options.beforeOpen?.(page);
    await page.goto(host.url);
    const app: RunningApp = {
      page,
      desktop,
      async quit() {
        running.delete(app);
        await page.close();
        desktop.close();
        await host.close();
      },
    };
    running.add(app);
    return app;
  }

  return {
    context,
    network,
    keychain: secretStore,
    start,
    async close() {
      for (const app of running) await app.quit();
      await context.close();
      await network.close();
      for (const account of ['oidc-refresh-token', 'oidc-profile', 'replica-encryption-key', 'device-id'] as const) {
        await secretStore.delete(account);
      }
    },
  };
}

/** A port nothing listens on now, for a host that must come back on the same origin. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
