import type { Page } from '@playwright/test';
import { EXTRA_ACCOUNTS } from '../../dev/stack/desktop-world';
import { createAccountInDialog } from './support/account-dialog';
import { chooseGrantee } from './support/combobox-choice';
import { expect, test } from './support/desktop-fixture';

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

  await chooseGrantee(page, 'Market', 'Marketing');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText('Bob Builder — Collaborator');
  await synced(page);

  await page.getByRole('button', { name: 'Extend collection to Okta' }).click();
  await page
    .getByRole('dialog', { name: 'Extend this collection to Okta?' })
    .getByRole('button', { name: 'Extend collection' })
    .click();
  await expect(page.locator('[data-collection-extension-state]')).toHaveText('Extended — every account is synced', {
    timeout: SYNC_TIMEOUT,
  });
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

const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};

test('an extended collection extends an account added to it later and shows its status; un-extending it takes the chiclet away', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await open(page, 'Collections');
  await page.getByRole('button', { name: 'New collection' }).click();
  await page.getByRole('dialog', { name: 'New collection' }).getByLabel('Name').fill('Product launches');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Product launches' })).toBeVisible();
  await chooseGrantee(page, 'Market', 'Marketing');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText('Bob Builder — Collaborator');

  // Extending the (still empty) collection is a standing choice.
  const okta = page.getByRole('region', { name: 'Extended account access for Okta' });
  const state = okta.locator('[data-collection-extension-state]');
  await expect(state).toHaveText('Not extended');
  await okta.getByRole('button', { name: 'Extend collection to Okta' }).click();
  const extend = page.getByRole('dialog', { name: 'Extend this collection to Okta?' });
  await expect(extend).toContainText('and each account added to it later');
  await extend.getByRole('button', { name: 'Extend collection' }).click();
  await expect(state).toHaveText('Extended — every account is synced', { timeout: SYNC_TIMEOUT });
  await expect(okta.getByTestId('collection-extension-counts')).toHaveText('0 synced, 0 pending, 0 with errors');

  // An account made afterwards and added to the collection is extended with it.
  await open(page, 'Accounts');
  await createAccountInDialog(page, {
    name: 'Launch Clips',
    appName: 'TikTok',
    loginUrl: 'https://www.tiktok.com/login',
    username: 'launch@acme.test',
    password: 'launch-pw-7',
  });
  await expect(page.getByRole('heading', { level: 2, name: 'Launch Clips' })).toBeVisible();
  await expect(page.locator('.okta-panel [data-extension-state]')).toHaveText('Not extended');
  await open(page, 'Collections');
  await page.getByRole('button', { name: /^Product launches/ }).click();
  await page.getByLabel('Add an account you own').selectOption({ label: 'Launch Clips — TikTok' });
  await page.getByRole('button', { name: 'Add to collection' }).click();
  const member = page.getByRole('list', { name: 'Accounts in this collection' }).getByRole('listitem');
  await expect(member).toContainText('Launch Clips — TikTok');
  await expect(member.locator('[data-extension-state]')).toHaveText('Synced (through this collection)', {
    timeout: SYNC_TIMEOUT,
  });
  await expect(okta.getByTestId('collection-extension-counts')).toHaveText('1 synced, 0 pending, 0 with errors');
  await expect(state).toHaveText('Extended — every account is synced');
  await page.screenshot({ path: testInfo.outputPath('collection-extended.png'), fullPage: true });

  // Bob, in Marketing, has the chiclet in Okta.
  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  const myApps = await bob.context.newPage();
  await myApps.goto(`${world.sim.url}/app/UserHome`);
  await expect(myApps.getByRole('link', { name: 'Launch Clips - TikTok' })).toBeVisible();

  // The account says where its extension comes from, and cannot leave Okta on its own.
  await member.getByRole('button', { name: 'Launch Clips — TikTok' }).click();
  await expect(page.locator('.okta-panel')).toContainText('through the collection “Product launches”');
  await page.getByRole('button', { name: 'More options' }).click();
  await expect(page.getByRole('menuitem', { name: 'Remove from Okta' })).toBeDisabled();
  await page.keyboard.press('Escape');

  await open(page, 'Collections');
  await page.getByRole('button', { name: /^Product launches/ }).click();
  await okta.getByRole('button', { name: 'Un-extend collection' }).click();
  const unextend = page.getByRole('dialog', { name: 'Un-extend this collection?' });
  await expect(unextend).toContainText('removed from Okta for everyone');
  await unextend.getByRole('button', { name: 'Un-extend collection' }).click();
  await expect(state).toHaveText('Not extended', { timeout: SYNC_TIMEOUT });
  await expect(member.locator('[data-extension-state]')).toHaveText('Not extended', { timeout: SYNC_TIMEOUT });

  // Okta removed the app: Bob's dashboard, opened again, no longer shows it.
  await expect
    .poll(() => [...world.sim.directory.apps.values()].filter((a) => a.label === 'Launch Clips - TikTok').length, {
      timeout: SYNC_TIMEOUT,
    })
    .toBe(0);
  await myApps.reload();
  await expect(myApps.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  await expect(myApps.getByRole('link', { name: 'Launch Clips - TikTok' })).toHaveCount(0);
});
