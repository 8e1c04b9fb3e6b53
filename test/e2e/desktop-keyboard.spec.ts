import type { Page } from '@playwright/test';
import { EXTRA_ACCOUNTS, SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/desktop-fixture';

// Each keyboard shortcut, pressed as a person would, in the browser host.
test.describe.configure({ timeout: 90_000 });

/** The account cards themselves (each row also has its Log in button). */
const cards = (page: Page) => page.getByRole('list', { name: 'Accounts' }).locator('button.account-card');
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name, exact: true });
const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('Ctrl+F goes to the search box from any screen; the arrow keys move the selection through the list', async ({
  world,
  browser,
}) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  await expect(card(page, SHARED_ACCOUNT.name)).toBeVisible();

  await card(page, SHARED_ACCOUNT.name).click();
  await expect(heading(page, SHARED_ACCOUNT.name)).toBeVisible();
  await page.keyboard.press('Control+F');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await page.keyboard.type('zendesk');
  await expect(card(page, SHARED_ACCOUNT.name)).toHaveCount(0);
  await expect(cards(page)).toHaveCount(Object.keys(EXTRA_ACCOUNTS).length);

  await page.keyboard.press('ArrowDown');
  await expect(cards(page).nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(cards(page).nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(cards(page).nth(0)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(cards(page).nth(0)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    /Vendor Portal|Support Desk|Billing Portal|Design Drive/,
  );
  await ada.close();
});

test('focus moves to each screen’s heading, and Alt+← goes back screen by screen', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  await card(page, SHARED_ACCOUNT.name).click();
  await expect(heading(page, SHARED_ACCOUNT.name)).toBeFocused();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Collections' }).click();
  await expect(heading(page, 'Collections')).toBeFocused();

  await page.keyboard.press('Alt+ArrowLeft');
  await expect(heading(page, SHARED_ACCOUNT.name)).toBeFocused();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(heading(page, 'Accounts')).toBeFocused();
  await ada.close();
});

test('Ctrl+N opens New account, ? opens the shortcuts, and Esc closes each', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  await expect(page.getByRole('button', { name: 'New account' })).toBeEnabled();

  await page.keyboard.press('Control+N');
  const create = page.getByRole('dialog', { name: 'New account' });
  await expect(create).toBeVisible();
  await expect(create.getByLabel('Name', { exact: true })).toBeFocused();
  // In a dialog the shortcuts open nothing behind it, and ? is a character in a text field.
  await page.keyboard.type('?');
  await expect(create.getByLabel('Name', { exact: true })).toHaveValue('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(create).toHaveCount(0);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Ctrl\+F/ })).toContainText('Search accounts');
  await expect(help.getByRole('row', { name: /Ctrl\+N/ })).toContainText('New account');
  await expect(help.getByRole('row', { name: /Ctrl\+C/ })).toContainText('password');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await ada.close();
});

test('Ctrl+C on the selected account copies its password; a Login-only user is told why nothing was copied', async ({
  world,
  browser,
}) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(ada.page.url()).origin,
  });
  await ada.signIn();
  await ada.page.getByRole('searchbox', { name: 'Search' }).fill(SHARED_ACCOUNT.name);
  await expect(cards(ada.page)).toHaveCount(1);
  // Shares replicate apart from accounts: until they have, the app rightly says no access.
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toContainText('Owner');
  await ada.page.keyboard.press('ArrowDown');
  await expect(card(ada.page, SHARED_ACCOUNT.name)).toBeFocused();
  await ada.page.keyboard.press('Control+C');
  await expect(ada.page.getByRole('status', { name: 'Clipboard' })).toContainText(
    'Password of Brand Instagram copied — clears in',
  );
  expect(await readClipboard(ada.page)).toBe(SHARED_ACCOUNT.password);
  // Edit → Copy from Electron's menu reaches the page as a copy command, not a key: same result.
  await ada.page.evaluate(() => navigator.clipboard.writeText('something else'));
  await ada.page.evaluate(() => document.execCommand('copy'));
  await expect.poll(() => readClipboard(ada.page)).toBe(SHARED_ACCOUNT.password);
  await ada.close();

  const lou = await world.openClient(browser, 'lou');
  await lou.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(lou.page.url()).origin,
  });
  await lou.signIn();
  await lou.page.evaluate(() => navigator.clipboard.writeText('what Lou had copied'));
  await lou.page.getByRole('searchbox', { name: 'Search' }).fill(SHARED_ACCOUNT.name);
  await expect(cards(lou.page)).toHaveCount(1);
  await expect(card(lou.page, SHARED_ACCOUNT.name)).toContainText('Collaborator');
  await lou.page.keyboard.press('ArrowDown');
  await expect(card(lou.page, SHARED_ACCOUNT.name)).toBeFocused();
  await lou.page.keyboard.press('Control+C');
  await expect(lou.page.getByRole('alert')).toContainText('Nothing copied: Login-only users cannot see');
  expect(await readClipboard(lou.page)).toBe('what Lou had copied');
  await lou.close();
});
