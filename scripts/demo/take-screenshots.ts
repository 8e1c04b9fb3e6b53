/**
 * `npx tsx scripts/demo/take-screenshots.ts [out-dir]`: runs the demo in a temporary folder and
 * walks through docs/demo.md with Playwright in headless Chromium, saving one screenshot per
 * step (default docs/screenshots/). Needs a built renderer (`npm run build`).
 */

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { memorySecretStore } from '../../dev/stack/memory-secret-store';
import { AUTOMATED_CHROMIUM_ARGS, chromiumPath } from '../../main/services/chromium';
import { type CdpAutofillWindow, cdpWindowOpener } from '../../main/services/launcher/cdp-driver';
import { startDemoDesktop } from './demo-desktop';
import { startDemo } from './start-demo';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'docs/screenshots'));
const executablePath = chromiumPath();
const args = [...AUTOMATED_CHROMIUM_ARGS];
const PASSWORD = 'Latchkey-demo-1';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(outDir, `${name}.png`) });

await mkdir(outDir, { recursive: true });
const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-screenshots-'));
const browser = await chromium.launch({ executablePath, args, headless: true });
const demo = await startDemo({ dataDir, log: (line) => console.log(`[demo] ${line}`) });
const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
/** The "system browser" of the person at the machine; Maya gets her own (a fresh Okta session). */
let systemBrowser = context;
const open = cdpWindowOpener({ executablePath, headless: true });
const windows: CdpAutofillWindow[] = [];
const desktop = await startDemoDesktop({
  env: demo.desktopEnv,
  dataDir: demo.desktopDataDir,
  rendererDir: path.resolve(process.env.LATCHKEY_E2E_RENDERER ?? path.join(root, 'out/renderer')),
  secretStore: memorySecretStore('screenshots'),
  openExternal: async (url) => void (await (await systemBrowser.newPage()).goto(url)),
  openWindow: Object.assign(
    async () => {
      const win = await open();
      await win.page.setViewportSize({ width: 1000, height: 600 });
      windows.push(win);
      return win;
    },
    { dispose: open.dispose },
  ),
  log: () => undefined,
});

async function signInDesktop(app: Page, email: string, screenshot?: string): Promise<void> {
  const tab = systemBrowser.waitForEvent('page');
  await app.getByRole('button', { name: 'Sign in with Okta' }).click();
  const signIn = await tab;
  await signIn.getByLabel('Username').fill(email);
  await signIn.getByLabel('Password').fill(PASSWORD);
  if (screenshot) await shot(signIn, screenshot);
  await signIn.getByRole('button', { name: 'Sign In' }).click();
  await app.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 60_000 });
}

try {
  const app = await context.newPage();
  await app.goto(desktop.host.url);
  await app.getByRole('button', { name: 'Sign in with Okta' }).waitFor();
  await shot(app, '01-desktop-signed-out');
  await signInDesktop(app, 'olivia.owner@latchkey.test', '02-okta-sign-in');
  await app.getByText('Brand Instagram').first().waitFor({ timeout: 60_000 });
  await shot(app, '03-accounts-as-owner');
  await app
    .getByRole('button', { name: /Brand Instagram/ })
    .first()
    .click();
  await app.getByText('Extended account access for Okta').waitFor();
  await app.getByText('Extended account access for Okta').scrollIntoViewIfNeeded();
  await shot(app, '04-account-extended-to-okta');
  await app.getByRole('button', { name: 'Sign out' }).click();
  await app.getByRole('button', { name: 'Sign in with Okta' }).waitFor({ timeout: 30_000 });

  systemBrowser = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const myApps = await systemBrowser.newPage();
  await myApps.goto(demo.urls.myApps);
  await myApps.getByLabel('Username').fill('maya.marketing@latchkey.test');
  await myApps.getByLabel('Password').fill(PASSWORD);
  await myApps.getByRole('button', { name: 'Sign In' }).click();
  await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).waitFor();
  await shot(myApps, '05-my-apps-as-collaborator');
  const handOff = new Promise<string>((resolve) => {
    const onRequest = (request: { url(): string }) => {
      if (request.url().startsWith('latchkey:')) {
        systemBrowser.off('request', onRequest);
        resolve(request.url());
      }
    };
    systemBrowser.on('request', onRequest);
  });
  await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).click();
  const link = await handOff;
  await myApps.getByText('Opening Latchkey').waitFor();
  await shot(myApps, '06-launch-page');
  await desktop.openDeepLink(link);
  await app.getByText('Logged in to Brand Instagram – Contentzilla').waitFor({ timeout: 60_000 });
  await shot(app, '07-desktop-launched');
  const loginWindow = windows.at(-1);
  if (loginWindow) {
    await loginWindow.page.locator('#who').waitFor();
    await shot(loginWindow.page, '08-demo-app-logged-in');
  }

  await app.getByRole('button', { name: 'Dismiss' }).click();
  await app.getByRole('button', { name: 'Sign out' }).click();
  await app.getByRole('button', { name: 'Sign in with Okta' }).waitFor({ timeout: 30_000 });
  const mayasBrowser = systemBrowser;
  systemBrowser = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await mayasBrowser.close();
  // Lena (Login-only) logs in from the app: the host fetches the password, she never sees it.
  await signInDesktop(app, 'lena.loginonly@latchkey.test');
  await app.getByRole('button', { name: 'Log in to Brand Instagram' }).click();
  await app.getByText('Logged in to Brand Instagram – Contentzilla').waitFor({ timeout: 60_000 });
  await shot(app, '09-login-only-logs-in');
  await app.getByRole('button', { name: 'Dismiss' }).click();
  await app.getByRole('button', { name: 'Sign out' }).click();
  await app.getByRole('button', { name: 'Sign in with Okta' }).waitFor({ timeout: 30_000 });

  // The Owner gives roles in the app: All members → a member → Role.
  systemBrowser = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await signInDesktop(app, 'olivia.owner@latchkey.test');
  const screens = app.getByRole('navigation', { name: 'Screens' });
  await screens.getByRole('button', { name: 'All members', exact: true }).click();
  await app.getByRole('button', { name: 'More about Sam Support' }).click();
  const role = app.getByRole('region', { name: 'Role' });
  await role.getByRole('combobox', { name: 'Workspace role' }).selectOption({ label: 'Admin' });
  await role.scrollIntoViewIfNeeded();
  await shot(app, '10-member-role');
  await app.getByRole('button', { name: 'Sign out' }).click();
  await app.getByRole('button', { name: 'Sign in with Okta' }).waitFor({ timeout: 30_000 });

  // Okta deactivates Dan: the Support desk he could use needs a new password; its Owner sees it.
  await demo.sim.admin.deactivateUser('00ule60iBgCCKQUYhpRN');
  systemBrowser = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await signInDesktop(app, 'adam.admin@latchkey.test');
  await app.getByRole('button', { name: /Needs rotation \(1\)/ }).waitFor({ timeout: 60_000 });
  await shot(app, '11-needs-rotation');
  await app
    .getByRole('button', { name: /^Support desk/ })
    .first()
    .click();
  await app.locator('.rotation-banner').waitFor();
  await shot(app, '12-rotation-banner');
  console.log(`screenshots in ${outDir}`);
} finally {
  await desktop.close();
  await systemBrowser.close();
  await context.close();
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
