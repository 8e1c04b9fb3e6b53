import type { Page } from '@playwright/test';
import { expect, test } from './support/desktop-fixture';
import { EXTRA_ACCOUNTS } from './support/desktop-world';

const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const synced = (page: Page) =>
  expect(page.locator('.sync-indicator')).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });

test('a collection is created, filled, shared with a team and extended; dialogs close with Escape', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;

  // Keyboard: the dialog takes focus, Escape closes it and gives focus back to its opener.
  const newAccount = page.getByRole('button', { name: 'New account' });
  await expect(newAccount).toBeEnabled({ timeout: SYNC_TIMEOUT });
  await newAccount.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New account' })).toBeVisible();
  await expect(page.getByRole('dialog').getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(newAccount).toBeFocused();

  await page.getByRole('button', { name: 'Collections' }).click();
  await expect(page.getByText('No collections yet.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'New collection' }).click();
  await page.getByRole('dialog', { name: 'New collection' }).getByLabel('Name').fill('Social media');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Social media' })).toBeVisible();

  await page.getByLabel('Add an account you own').selectOption({ label: `${EXTRA_ACCOUNTS.offline} — Zendesk` });
  await page.getByRole('button', { name: 'Add to collection' }).click();
  await expect(page.getByRole('region', { name: 'Accounts in this collection' })).toContainText(EXTRA_ACCOUNTS.offline);

  await page.getByLabel('Share with').selectOption({ label: 'Marketing' });
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText('Bob Builder — Collaborator');
  await synced(page);

  await page.getByRole('button', { name: 'Extend collection to Okta' }).click();
  await page
    .getByRole('dialog', { name: 'Extend this collection to Okta?' })
    .getByRole('button', { name: 'Extend collection' })
    .click();
  await expect(page.getByText('Extending the collection’s accounts to Okta.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('collection.png') });

  // The account now says where its access comes from, for Bob too.
  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  await bob.page.getByRole('button', { name: 'Collections' }).click();
  await bob.page.getByRole('button', { name: /^Social media/ }).click();
  await bob.page.getByRole('button', { name: `${EXTRA_ACCOUNTS.offline} — Zendesk` }).click();
  await expect(bob.page.getByTestId('your-role')).toHaveText(/^Collaborator \(/);
  await expect(bob.page.getByRole('list', { name: 'Who has access' })).toContainText(
    'via team Marketing on collection Social media',
  );
  await expect(bob.page.locator('[data-extension-state="synced"]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
});
