import { createHash } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SHARED_ACCOUNT, startDesktopWorld } from '../../dev/stack/desktop-world';
import { pngLogo } from '../support/logo-images';

// Replication, logo reads and the Okta reconciler are asynchronous: waits are on what people see, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

test("an Owner gives an account a logo: members see it in their list, and it becomes the Okta chiclet's icon", async ({
  browser,
}, testInfo) => {
  const world = await startDesktopWorld();
  try {
    const ada = await world.openClient(browser, 'ada');
    await ada.signIn();
    const page = ada.page;
    await card(page, SHARED_ACCOUNT.name).click();
    const panel = page.getByRole('region', { name: 'Logo' });
    await expect(panel).toContainText('No logo: Okta shows its default icon.');

    // Too large: refused before anything is sent.
    await panel
      .getByLabel('Logo file (PNG or SVG, at most 100 KB)')
      .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(100 * 1024 + 1) });
    await expect(panel.getByRole('alert')).toHaveText('The logo is larger than 100 KB. Use a smaller image.');

    const logo = pngLogo(48, [20, 120, 220, 255]);
    await panel
      .getByLabel('Logo file (PNG or SVG, at most 100 KB)')
      .setInputFiles({ name: 'brand.png', mimeType: 'image/png', buffer: logo });
    await expect(panel.getByRole('status')).toContainText('Logo saved.', { timeout: SYNC_TIMEOUT });
    await expect(panel.getByRole('img', { name: `Logo of ${SHARED_ACCOUNT.name}` })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('account-logo-details.png'), fullPage: true });

    await page.getByRole('button', { name: '← All accounts' }).click();
    await expect(page.locator(`img[data-logo-for="${SHARED_ACCOUNT.id}"]`)).toBeVisible({ timeout: SYNC_TIMEOUT });
    await page.screenshot({ path: testInfo.outputPath('account-logo-list.png') });

    // Bob (a collaborator through his team) sees it in his list, and may not change it.
    const bob = await world.openClient(browser, 'bob');
    await bob.signIn();
    await expect(bob.page.locator(`img[data-logo-for="${SHARED_ACCOUNT.id}"]`)).toBeVisible({
      timeout: SYNC_TIMEOUT,
    });
    await card(bob.page, SHARED_ACCOUNT.name).click();
    const bobPanel = bob.page.getByRole('region', { name: 'Logo' });
    await expect(bobPanel.getByRole('button', { name: 'Choose logo…' })).toBeDisabled();
    await expect(bobPanel).toContainText("Only the account's owners can edit its details.");

    // Extended, the account's Okta app carries the same image as its logo.
    await card(page, SHARED_ACCOUNT.name).click();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Extend your account to Okta?' })
      .getByRole('button', { name: 'Extend account' })
      .click();
    await expect(page.locator('[data-extension-state="synced"]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
    const launchUrl = `${world.serverUrl}/launch/${SHARED_ACCOUNT.id}`;
    const app = [...world.sim.directory.apps.values()].find((a) => a.url === launchUrl);
    const [stored] = await world.server.db.query<{ digest: string }>(
      'select digest from account_logos where account_id = $1',
      [SHARED_ACCOUNT.id],
    );
    expect(app?.logo?.mediaType).toBe('image/png');
    expect(
      createHash('sha256')
        .update(app?.logo?.bytes ?? Buffer.alloc(0))
        .digest('hex'),
    ).toBe(stored?.digest);

    // Bob's Okta dashboard shows the chiclet with that logo as its icon (the PNG is 48 px wide).
    const myApps = await bob.context.newPage();
    await myApps.goto(`${world.sim.url}/app/UserHome`);
    const chiclet = myApps.getByRole('link', { name: `${SHARED_ACCOUNT.name} - Instagram` });
    await expect(chiclet.locator('img.chiclet-logo')).toHaveJSProperty('naturalWidth', 48);
    await myApps.screenshot({ path: testInfo.outputPath('okta-my-apps-logo.png') });
  } finally {
    await world.close();
  }
});
