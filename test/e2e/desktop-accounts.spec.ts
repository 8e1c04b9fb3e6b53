import type { Page } from '@playwright/test';
import { EXTRA_ACCOUNTS, SHARED_ACCOUNT, TOTP_SECRET } from '../../dev/stack/desktop-world';
import { createAccountInDialog } from './support/account-dialog';
import { chooseGrantee } from './support/combobox-choice';
import { expect, test } from './support/desktop-fixture';

// Replication and the Okta reconciler are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const synced = (page: Page) =>
  expect(page.locator('[data-sync-state="online"]')).toHaveText('Online — all changes synced', {
    timeout: SYNC_TIMEOUT,
  });
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

test('lists the accounts shared with you, with your role, search and filters', async ({ world, browser }, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.page.screenshot({ path: testInfo.outputPath('sign-in.png') });
  await ada.signIn();
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toContainText('Owner');
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toContainText('Instagram');
  await synced(ada.page);
  await ada.page.screenshot({ path: testInfo.outputPath('accounts.png') });

  await ada.page.getByRole('searchbox', { name: 'Search' }).fill('zendesk');
  await expect(card(ada.page, EXTRA_ACCOUNTS.offline)).toBeVisible();
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toHaveCount(0);
  await ada.page.getByRole('searchbox', { name: 'Search' }).fill('');
  await ada.page.getByRole('combobox', { name: 'Label' }).selectOption('social');
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toBeVisible();
  await expect(card(ada.page, EXTRA_ACCOUNTS.offline)).toHaveCount(0);
});

test('an owner creates, shares and extends an account; the collaborator uses it, sees its chiclet, and cannot share it', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;

  await createAccountInDialog(
    page,
    {
      name: 'Contentzilla',
      appName: 'TikTok',
      loginUrl: 'https://www.tiktok.com/login',
      username: 'brand@acme.test',
      password: 'tt-secret-42',
      totpSecret: TOTP_SECRET,
      labels: 'social, video',
    },
    () => page.screenshot({ path: testInfo.outputPath('account-create.png') }),
  );

  await expect(page.getByRole('heading', { level: 2, name: 'Contentzilla' })).toBeVisible();
  await expect(page.getByTestId('your-role')).toHaveText('Owner (direct share)');
  await expect(
    page.getByRole('status', { name: 'Verification code' }).or(page.getByLabel('Verification code')),
  ).toHaveText(/^\d{3} \d{3}$/);
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText('tt-secret-42');

  await chooseGrantee(page, 'Bob', 'Bob Builder (bob@example.com)');
  await page.getByLabel('Role').selectOption('collaborator');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText(
    'Bob Builder — Collaborator (direct share)',
  );
  await synced(page);

  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  const extend = page.getByRole('dialog', { name: 'Extend your account to Okta?' });
  await expect(extend).toContainText('Contentzilla - TikTok');
  await page.screenshot({ path: testInfo.outputPath('extend-dialog.png') });
  await extend.getByRole('button', { name: 'Extend account' }).click();
  await expect(page.locator('[data-extension-state="synced"]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
  await expect(page.locator('.okta-panel')).not.toContainText('Extended—');
  // The seeds: "When the sync is complete, a success message box is displayed."
  await expect(page.locator('.okta-panel [role="status"]')).toHaveText('Your account is extended to Okta.');
  await page.screenshot({ path: testInfo.outputPath('account-details.png'), fullPage: true });

  await page.getByRole('button', { name: 'More options' }).click();
  await page.getByRole('menuitem', { name: 'Sync account manually' }).click();
  const manual = page.getByRole('dialog', { name: 'Sync account manually?' });
  await manual.getByRole('button', { name: 'Sync account' }).click();
  await expect(page.locator('.okta-panel [role="status"]')).toHaveText('The account is synced with Okta.', {
    timeout: SYNC_TIMEOUT,
  });

  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  await expect(card(bob.page, 'Contentzilla')).toContainText('Collaborator');
  await card(bob.page, 'Contentzilla').click();
  await bob.page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(bob.page.getByLabel('Password', { exact: true })).toHaveText('tt-secret-42');
  await expect(bob.page.getByRole('button', { name: 'Share', exact: true })).toBeDisabled();
  await expect(bob.page.getByText("Only the account's owners can share it. Ask an owner: Ada Lovelace.")).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'More options' })).toBeVisible();
  await bob.page.getByRole('button', { name: 'More options' }).click();
  await expect(bob.page.getByRole('menuitem', { name: 'Sync account manually' })).toBeDisabled();
  await bob.page.screenshot({ path: testInfo.outputPath('collaborator-view.png'), fullPage: true });

  // Bob's Okta session (from signing in to Latchkey) opens My Apps: the chiclet is there.
  const myApps = await bob.context.newPage();
  await myApps.goto(`${world.sim.url}/app/UserHome`);
  await expect(myApps.getByRole('link', { name: 'Contentzilla - TikTok' })).toBeVisible();
  await myApps.screenshot({ path: testInfo.outputPath('okta-my-apps.png') });
});

test('a Login-only user sees the account but never its credentials', async ({ world, browser }, testInfo) => {
  const lou = await world.openClient(browser, 'lou');
  await lou.signIn();
  await expect(card(lou.page, SHARED_ACCOUNT.name)).toContainText('Collaborator');
  await expect(lou.page.getByRole('button', { name: 'New account' })).toBeDisabled();
  await card(lou.page, SHARED_ACCOUNT.name).click();
  await expect(lou.page.getByText('Login-only users cannot see its credentials.', { exact: false })).toBeVisible();
  await expect(lou.page.getByRole('button', { name: 'Reveal password' })).toHaveCount(0);
  await expect(lou.page.getByRole('button', { name: 'Sync', exact: true })).toBeDisabled();
  await synced(lou.page);
  await expect(lou.page.locator('body')).not.toContainText(SHARED_ACCOUNT.password);
  await lou.page.screenshot({ path: testInfo.outputPath('login-only.png'), fullPage: true });
});

test('removing a team’s access takes the account off its members’ devices', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const bob = await world.openClient(browser, 'bob');
  await ada.signIn();
  await bob.signIn();
  await expect(card(bob.page, EXTRA_ACCOUNTS.unshared)).toContainText('Collaborator');

  await card(ada.page, EXTRA_ACCOUNTS.unshared).click();
  await expect(ada.page.getByRole('list', { name: 'Who has access' })).toContainText(
    'Bob Builder — Collaborator (via team Marketing)',
  );
  await ada.page.getByRole('button', { name: 'Remove access for Team Marketing' }).click();
  await expect(ada.page.getByRole('list', { name: 'Who has access' })).not.toContainText('Bob Builder');
  await expect(card(bob.page, EXTRA_ACCOUNTS.unshared)).toHaveCount(0, { timeout: SYNC_TIMEOUT });
});

test('Log in where this app cannot launch says why, and the banner goes away on Dismiss', async ({
  world,
  browser,
}) => {
  // The browser host of these tests has no launcher: launching answers "not available" at once.
  const bob = await world.openClient(browser, 'bob');
  const { page } = bob;
  await bob.signIn();
  await page.getByRole('button', { name: `Log in to ${SHARED_ACCOUNT.name}` }).click({ timeout: SYNC_TIMEOUT });
  const banner = page.getByRole('alert', { name: 'Launch' });
  await expect(banner).toContainText(`Could not log in to ${SHARED_ACCOUNT.name}`);
  await expect(banner).toContainText('Launching is not available: sign-in is not configured in this app.');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
  await bob.close();
});
