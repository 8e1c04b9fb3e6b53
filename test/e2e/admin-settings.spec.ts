import type { Page } from '@playwright/test';
import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/admin-fixture';

// Replication, the Okta worker and the SCIM cache are asynchronous: waits are on what the user
// sees (or what the server answers), bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Screens' });
const open = async (page: Page, screen: string) => {
  await sidebar(page).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};

test('an admin turns Extended account access off, learns what stays in Okta, and turns it back on', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  const page = cy.page;
  await open(page, 'Workspace settings');
  const feature = page.getByRole('switch', { name: 'Extended account access' });
  await expect(feature).toHaveAttribute('aria-checked', 'true', { timeout: SYNC_TIMEOUT });
  await expect(page.locator('[data-okta-configured="true"]')).toContainText('Connected.');
  // All-Access Mode is personal (My Profile), never a workspace setting.
  await expect(page.getByRole('switch', { name: 'All-Access Mode' })).toHaveCount(0);
  // What an Admin may not do is disabled, with who to ask.
  await expect(page.getByRole('button', { name: 'Create token' })).toBeDisabled();
  await expect(
    page.getByText('Only workspace Owners can manage the SCIM token. Ask an Owner: Ada Lovelace.'),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('workspace-settings-admin.png'), fullPage: true });

  await feature.click();
  const dialog = page.getByRole('dialog', { name: 'Turn off Extended account access?' });
  await expect(dialog).toContainText('stay there with their current assignments');
  await expect(dialog).toContainText('Remove all extended accounts from Okta');
  await page.screenshot({ path: testInfo.outputPath('turn-off-dialog.png') });
  await dialog.getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByTestId('eaa-note')).toContainText('Extended account access is off.');
  await expect(feature).toHaveAttribute('aria-checked', 'false', { timeout: SYNC_TIMEOUT });
  const stored = await world.server.repo.get(world.server.db, 'settings', 'workspace');
  expect(stored?.extendedAccessEnabled).toBe(false);
  // With the feature off, owners are told why they cannot extend.
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  await ada.page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })
    .click();
  await expect(ada.page.getByText('Extended account access is turned off for this workspace')).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });

  // Keyboard only: the switch is a button, Space toggles it (WAI-ARIA APG "Switch").
  await feature.focus();
  await page.keyboard.press('Space');
  await expect(feature).toHaveAttribute('aria-checked', 'true', { timeout: SYNC_TIMEOUT });
  await expect(page.getByTestId('eaa-note')).toContainText('Extended account access is on.');
  expect((await world.server.repo.get(world.server.db, 'settings', 'workspace'))?.extendedAccessEnabled).toBe(true);
});

test('an owner creates, rotates and revokes the SCIM token, seeing each only once', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const scimStatus = async (token: string) =>
    (await fetch(`${world.serverUrl}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } })).status;

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await open(page, 'Workspace settings');
  await expect(page.getByTestId('scim-token-state')).toHaveText(/^No token yet/);
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('textbox', { name: 'New SCIM token' });
  await expect(shown).toHaveValue(/^lks_scim_/);
  const first = await shown.inputValue();
  await expect(page.getByText('New SCIM token — shown only once.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('scim-token-shown-once.png'), fullPage: true });
  expect(await scimStatus(first)).toBe(200);
  await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText('Copied. Paste it into Okta now: it will not be shown again.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);

  await page.getByRole('button', { name: 'Done — hide token' }).click();
  await expect(shown).toHaveCount(0);
  await expect(page.getByTestId('scim-token-state')).toHaveText(/^A token is active, created .* by Ada Lovelace\.$/);
  // Leaving and coming back never shows it again.
  await open(page, 'Accounts');
  await open(page, 'Workspace settings');
  await expect(page.getByTestId('scim-token-state')).toHaveText(/^A token is active/);
  await expect(page.locator('body')).not.toContainText(first);
  await expect(page.getByRole('textbox', { name: 'New SCIM token' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Rotate token' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate the SCIM token?' });
  await expect(rotate).toContainText('stops working at once');
  await rotate.getByRole('button', { name: 'Rotate token' }).click();
  await expect(shown).toHaveValue(/^lks_scim_/);
  const second = await shown.inputValue();
  expect(second).not.toBe(first);
  expect(await scimStatus(first)).toBe(401);
  expect(await scimStatus(second)).toBe(200);

  await page.getByRole('button', { name: 'Revoke token' }).click();
  await page
    .getByRole('dialog', { name: 'Revoke the SCIM token?' })
    .getByRole('button', { name: 'Revoke token' })
    .click();
  await expect(page.getByTestId('scim-token-state')).toHaveText(/^No token yet/);
  await expect(shown).toHaveCount(0);
  expect(await scimStatus(second)).toBe(401);
});

test('a plain user sees no admin screens; an owner syncs their extended accounts from My Profile', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  const nav = sidebar(bob.page);
  await expect(nav.getByRole('button', { name: 'My Profile' })).toBeVisible();
  for (const screen of ['Workspace settings', 'All members', 'Teams', 'Audit log']) {
    await expect(nav.getByRole('button', { name: screen })).toHaveCount(0);
  }
  // The server refuses the same person whatever the UI shows.
  const refused = await world.api('bob', 'GET', '/api/v1/audit');
  expect(refused.status).toBe(403);
  await open(bob.page, 'My Profile');
  await expect(bob.page.getByRole('button', { name: 'Sync with Okta' })).toBeDisabled();
  await expect(bob.page.getByText('You own no accounts extended to Okta, so there is nothing to sync.')).toBeVisible();
  await bob.page.screenshot({ path: testInfo.outputPath('my-profile-user.png'), fullPage: true });

  const extended = await world.api('ada', 'POST', `/api/v1/accounts/${SHARED_ACCOUNT.id}/extend`);
  expect(extended.status).toBe(202);
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  await open(ada.page, 'My Profile');
  await expect(ada.page.getByRole('button', { name: 'Connected Apps and Services' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(ada.page.getByTestId('own-sync-summary')).toHaveText(
    '1 of your accounts is extended to Okta: 1 synced.',
    { timeout: SYNC_TIMEOUT },
  );
  await ada.page.getByRole('button', { name: 'Sync with Okta' }).click();
  const dialog = ada.page.getByRole('dialog', { name: 'Sync your accounts with Okta manually?' });
  await expect(dialog).toContainText('No password or verification code is sent to Okta.');
  await dialog.getByRole('button', { name: 'Sync accounts' }).click();
  await expect(ada.page.getByText('Sync requested for 1 account.')).toBeVisible();
  await expect(ada.page.getByTestId('own-sync-summary')).toHaveText(
    '1 of your accounts is extended to Okta: 1 synced.',
    { timeout: SYNC_TIMEOUT },
  );
  await ada.page.screenshot({ path: testInfo.outputPath('my-profile-owner.png'), fullPage: true });
});
