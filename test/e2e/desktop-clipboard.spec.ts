import type { Page } from '@playwright/test';
import { createAccountInDialog } from './support/account-dialog';
import { expect, test } from './support/desktop-fixture';
import { SHARED_ACCOUNT, TOTP_SECRET } from './support/desktop-world';

// Copy goes to the clipboard and comes back off it; the TOTP field takes otpauth:// links.
test.describe.configure({ timeout: 90_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('a copied password is on the clipboard, and is taken back off after the delay', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await ada.signIn();
  await card(page, SHARED_ACCOUNT.name).click();

  // The default delay (30 s): the password is there to paste, and the countdown says for how long.
  await page.getByRole('button', { name: 'Copy password' }).click();
  const notice = page.getByRole('status', { name: 'Clipboard' });
  await expect(notice).toHaveText(/^Password of Brand Instagram copied — clears in (30|29|28) s$/);
  expect(await readClipboard(page)).toBe(SHARED_ACCOUNT.password);

  await page.getByRole('button', { name: 'Copy username' }).click();
  await expect(notice).toContainText('Username of Brand Instagram copied');
  expect(await readClipboard(page)).toBe('brand@example.com');

  await page.getByRole('button', { name: 'Copy verification code' }).click();
  await expect(notice).toContainText('Verification code of Brand Instagram copied');
  expect(await readClipboard(page)).toMatch(/^\d{6}$/);

  // This device's delay set to one second (the setting's value): the clipboard is emptied.
  await page.evaluate(() => localStorage.setItem('latchkey.clipboardClearSeconds', '1'));
  await page.getByRole('button', { name: 'Copy password' }).click();
  await expect.poll(() => readClipboard(page), { timeout: 15_000 }).toBe('');
  await expect(notice).toHaveText('Password of Brand Instagram is no longer on the clipboard');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);

  // Signing out takes a copy back at once, whatever the delay left.
  await page.evaluate(() => localStorage.removeItem('latchkey.clipboardClearSeconds'));
  await page.getByRole('button', { name: 'Copy password' }).click();
  await expect(notice).toContainText('clears in');
  expect(await readClipboard(page)).toBe(SHARED_ACCOUNT.password);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('Local data was removed from this device.')).toBeVisible();
  await expect.poll(() => readClipboard(page)).toBe('');
  await expect(notice).toHaveCount(0);
  await ada.close();
});

test('the TOTP field takes an otpauth:// link, and refuses one asking for 8 digits by saying so', async ({
  world,
  browser,
}) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  const fields = {
    appName: 'GitHub',
    loginUrl: 'https://github.com/login',
    username: 'ops@acme.test',
    password: 'gh-secret-7',
  };
  await createAccountInDialog(page, {
    ...fields,
    name: 'Eight Digit Hub',
    totpSecret: `otpauth://totp/GitHub:ops?secret=${TOTP_SECRET}&issuer=GitHub&digits=8`,
  });
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await expect(dialog.getByRole('alert')).toContainText('8 digits');
  await expect(dialog.getByRole('alert')).toContainText('SHA-1, 6 digits and 30 seconds only');

  await dialog
    .getByLabel('TOTP secret (Base32, optional)')
    .fill(`otpauth://totp/GitHub:ops%40acme.test?secret=${TOTP_SECRET}&issuer=GitHub`);
  await dialog.getByLabel('Name', { exact: true }).fill('Ops GitHub');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Ops GitHub' })).toBeVisible();
  await expect(page.getByLabel('Verification code')).toHaveText(/^\d{3} \d{3}$/);

  // What was stored is the secret alone: the edit form shows it, not the link.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(
    page.getByRole('dialog', { name: 'Edit Ops GitHub' }).getByLabel('TOTP secret (Base32, optional)'),
  ).toHaveValue(TOTP_SECRET);
  await ada.close();
});
