import { createServer } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { type DesktopWorld, startDesktopWorld } from '../../dev/stack/desktop-world';
import { startOktaSim } from '../../okta-sim/index';

// The connection check answers asynchronously: waits are on what the admin sees, bounded.
const CHECK_TIMEOUT = 20_000;
test.describe.configure({ timeout: 120_000 });

const openSettings = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Workspace settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Workspace settings' })).toBeVisible();
};

/** A local port nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("a wrong Okta API token shows Okta's refusal and what to do on the Okta connection panel", async ({
  browser,
}, testInfo) => {
  const world: DesktopWorld = await startDesktopWorld({
    oktaServer: (sim) => ({ orgUrl: sim.url, apiToken: 'a-token-this-org-never-issued' }),
  });
  try {
    const ada = await world.openClient(browser, 'ada');
    await ada.signIn();
    await openSettings(ada.page);
    const state = ada.page.locator('[data-okta-connection]');
    await expect(state).toHaveAttribute('data-okta-connection', 'refused');
    await expect(state).toContainText(
      'Not connected. Okta refused Latchkey\'s credentials: 401 E0000011 "Invalid token provided".',
    );
    await expect(state).toContainText('Security → API → Tokens');
    await expect(state).toContainText('--okta-api-token');
    await ada.page.screenshot({ path: testInfo.outputPath('okta-connection-refused.png'), fullPage: true });
    // Refresh asks Okta again and still says why.
    await ada.page.getByRole('button', { name: 'Refresh' }).click();
    await expect(ada.page.getByRole('button', { name: 'Refresh' })).toBeEnabled({ timeout: CHECK_TIMEOUT });
    await expect(state).toContainText('401 E0000011');
  } finally {
    await world.close();
  }
});

test('an unreachable Okta org is shown as such, and Refresh says Connected once the org answers', async ({
  browser,
}, testInfo) => {
  const port = await freePort();
  const token = 'token-of-the-org-that-comes-up-later';
  const world = await startDesktopWorld({
    oktaServer: () => ({ orgUrl: `http://127.0.0.1:${port}`, apiToken: token }),
  });
  let org: Awaited<ReturnType<typeof startOktaSim>> | null = null;
  try {
    const ada = await world.openClient(browser, 'ada');
    await ada.signIn();
    await openSettings(ada.page);
    const state = ada.page.locator('[data-okta-connection]');
    await expect(state).toHaveAttribute('data-okta-connection', 'unreachable');
    await expect(state).toContainText(`Okta at http://127.0.0.1:${port} could not be reached`);
    await ada.page.screenshot({ path: testInfo.outputPath('okta-connection-unreachable.png'), fullPage: true });

    org = await startOktaSim({ port, apiToken: token });
    await ada.page.getByRole('button', { name: 'Refresh' }).click();
    await expect(state).toHaveAttribute('data-okta-connection', 'connected', { timeout: CHECK_TIMEOUT });
    await expect(state).toHaveText('Connected. Okta is up to date.');
  } finally {
    await world.close();
    await org?.close();
  }
});
