/**
 * The demo as `npm start` runs it — Okta simulator, sync server (on a fresh PostgreSQL database
 * here, PGlite in the demo), SCIM provisioning, Okta pushes, the seeded workspace — plus the
 * desktop app as a browser host, for the launch tests.
 *
 * The test plays two parts a browser cannot: the OS and the system browser.
 *  - OS: a chiclet's page navigates to `latchkey://launch/:id`; `catchHandOff` records that exact
 *    URL from the page's navigation and the test hands it to the app (`desktop.openDeepLink`),
 *    as the OS protocol handler (Electron's open-url, or open-link-cli for the browser host) would.
 *  - System browser: the desktop's OIDC sign-in opens in a new tab of the same browser context,
 *    so Okta's SSO session from My Apps completes it without typing, as in a real browser.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';
import { chromiumPath } from '../../../dev/stack/chromium';
import { memorySecretStore } from '../../../dev/stack/memory-secret-store';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';
import { rendererDir } from '../../../dev/stack/renderer-dir';
import { type CdpAutofillWindow, cdpWindowOpener } from '../../../main/services/launcher/cdp-driver';
import { type DemoDesktop, startDemoDesktop } from '../../../scripts/demo/demo-desktop';
import { type Demo, startDemo } from '../../../scripts/demo/start-demo';

export const DEMO_PASSWORD = 'Latchkey-demo-1';

export interface LaunchWorld {
  demo: Demo;
  desktop: DemoDesktop;
  context: BrowserContext;
  /** Login windows the app opened (the test reads them; the app's renderer never can). */
  windows: CdpAutofillWindow[];
  /** Tabs the desktop opened as "the system browser" (sign-in, sign-out). */
  systemTabs: Page[];
  close(): Promise<void>;
}

export async function startLaunchWorld(browser: Browser): Promise<LaunchWorld> {
  const database: TestDatabase = await createTestDatabase('latchkey_launch');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-launch-'));
  const cleanup: (() => Promise<unknown>)[] = [
    () => rm(dataDir, { recursive: true, force: true }),
    () => database.drop(),
  ];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const demo = await startDemo({ dataDir, databaseUrl: database.url });
    cleanup.push(() => demo.close());
    const context = await browser.newContext();
    cleanup.push(() => context.close());
    const windows: CdpAutofillWindow[] = [];
    const systemTabs: Page[] = [];
    const open = cdpWindowOpener({ executablePath: chromiumPath, headless: true });
    const desktop = await startDemoDesktop({
      env: demo.desktopEnv,
      dataDir: demo.desktopDataDir,
      rendererDir,
      secretStore: memorySecretStore('test'),
      openExternal: async (url) => {
        const tab = await context.newPage();
        systemTabs.push(tab);
        await tab.goto(url);
      },
      openWindow: Object.assign(
        async () => {
          const win = await open();
          windows.push(win);
          return win;
        },
        { dispose: open.dispose },
      ),
      log:
        process.env.LAUNCH_E2E_LOG === '1'
          ? (message, context) => console.error(`[desktop] ${message}`, context)
          : () => undefined,
    });
    cleanup.push(() => desktop.close());
    return { demo, desktop, context, windows, systemTabs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the desktop app in a new page and signs in through Okta's form as `email`. */
export async function signInDesktop(world: LaunchWorld, email: string): Promise<Page> {
  const app = await world.context.newPage();
  await app.goto(world.desktop.host.url);
  const signIn = world.context.waitForEvent('page');
  await app.getByRole('button', { name: 'Sign in with Okta' }).click();
  await signInToOkta(await signIn, email);
  await expect(app.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
  return app;
}

/** Fills the simulator's sign-in form (Okta's sign-in widget stand-in). */
export async function signInToOkta(page: Page, email: string): Promise<void> {
  await page.getByLabel('Username').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
}

/**
 * Resolves with the `latchkey://` URL the page navigates to. Chromium reports a navigation to a
 * scheme nobody handles as a failed request; that request's URL is exactly what the OS would
 * pass to the registered handler.
 */
export function catchHandOff(page: Page): Promise<string> {
  return new Promise((resolve) => {
    const onRequest = (request: { url(): string }) => {
      if (!request.url().startsWith('latchkey:')) return;
      page.context().off('request', onRequest);
      resolve(request.url());
    };
    page.context().on('request', onRequest);
  });
}
