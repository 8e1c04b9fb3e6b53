import { expect, type Page, test } from '@playwright/test';
import { PEOPLE, SHARED_ACCOUNT, startDesktopWorld } from '../../dev/stack/desktop-world';

// Replication and the Okta reconciler are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

test('with Extended account access off, an Owner still removes their own account from Okta', async ({
  browser,
}, testInfo) => {
  // Its own world: turning the feature off here never reaches another spec.
  const world = await startDesktopWorld();
  try {
    const ada = await world.openClient(browser, 'ada');
    await ada.signIn();
    const page = ada.page;
    await card(page, SHARED_ACCOUNT.name).click();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Extend your account to Okta?' })
      .getByRole('button', { name: 'Extend account' })
      .click();
    await expect(page.locator('[data-extension-state="synced"]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
    const launchUrl = `${world.serverUrl}/launch/${SHARED_ACCOUNT.id}`;
    const appsInOkta = () => [...world.sim.directory.apps.values()].filter((a) => a.url === launchUrl).length;
    expect(appsInOkta()).toBe(1);

    // An admin turns the feature off (Okta is frozen from now on).
    const res = await fetch(`${world.serverUrl}/api/v1/workspace/extended-access`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await world.sim.issueAccessToken(PEOPLE.ada.oktaId)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ enabled: false }),
    });
    expect(res.status).toBe(200);
    await expect(page.getByText('Extended account access is turned off for this workspace')).toBeVisible({
      timeout: SYNC_TIMEOUT,
    });

    await page.getByRole('button', { name: 'More options' }).click();
    await expect(page.getByRole('menuitem', { name: 'Sync account manually' })).toBeDisabled();
    await page.getByRole('menuitem', { name: 'Remove from Okta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this account from Okta?' });
    await expect(dialog).toContainText('The app and its chiclets are removed from Okta for everyone.');
    await dialog.getByRole('button', { name: 'Remove from Okta' }).click();
    await expect(page.locator('.okta-panel [role="status"]')).toHaveText('The account was removed from Okta.', {
      timeout: SYNC_TIMEOUT,
    });
    await expect(page.locator('[data-extension-state="off"]')).toHaveText('Not extended');
    await page.screenshot({ path: testInfo.outputPath('removed-while-off.png'), fullPage: true });
    await expect.poll(appsInOkta, { timeout: SYNC_TIMEOUT }).toBe(0);
  } finally {
    await world.close();
  }
});
