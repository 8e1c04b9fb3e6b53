import type { Locator, Page } from '@playwright/test';
import QRCode from 'qrcode';
import { SHARED_ACCOUNT, TOTP_SECRET } from '../../dev/stack/desktop-world';
import { createAccountInDialog } from './support/account-dialog';
import { expect, test } from './support/desktop-fixture';

// Copy goes to the clipboard and comes back off it; the TOTP field takes otpauth:// links, typed or
// as a QR image pasted or dropped on it.
test.describe.configure({ timeout: 90_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Settings → Clear copied secrets after → Save, then back to the account's details. */
async function setClipboardSeconds(page: Page, seconds: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Clear copied secrets after (seconds)').fill(seconds);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await nav.getByRole('button', { name: 'Accounts', exact: true }).click();
  await card(page, SHARED_ACCOUNT.name).click();
}

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

  // This device's delay set to one second in Settings: the clipboard is emptied.
  await setClipboardSeconds(page, '1');
  await page.getByRole('button', { name: 'Copy password' }).click();
  await expect.poll(() => readClipboard(page), { timeout: 15_000 }).toBe('');
  await expect(notice).toHaveText('Password of Brand Instagram is no longer on the clipboard');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);

  // Signing out takes a copy back at once, whatever the delay left.
  await setClipboardSeconds(page, '30');
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

/**
 * Hands `png` to the field as the browser does for a file dragged from the desktop ('drop') or an
 * image pasted from the clipboard ('paste'): a real event carrying a DataTransfer with the file.
 */
async function giveImage(field: Locator, how: 'drop' | 'paste', png: Buffer): Promise<void> {
  await field.evaluate(
    (input, { how, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'qr.png', { type: 'image/png' }));
      const init = { bubbles: true, cancelable: true };
      input.dispatchEvent(
        how === 'drop'
          ? new DragEvent('drop', { ...init, dataTransfer: transfer })
          : new ClipboardEvent('paste', { ...init, clipboardData: transfer }),
      );
    },
    { how, base64: png.toString('base64') },
  );
}

test('a QR image pasted or dropped on the TOTP field fills in its otpauth:// link', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  const link = `otpauth://totp/Figma:ops%40acme.test?secret=${TOTP_SECRET}&issuer=Figma`;
  await createAccountInDialog(
    page,
    {
      name: 'QR Figma',
      appName: 'Figma',
      loginUrl: 'https://www.figma.com/login',
      username: 'ops@acme.test',
      password: 'figma-secret-3',
    },
    async () => {
      const dialog = page.getByRole('dialog', { name: 'New account' });
      const field = dialog.getByLabel('TOTP secret (Base32, optional)');
      await giveImage(field, 'paste', await QRCode.toBuffer('https://figma.com/welcome', { type: 'png' }));
      await expect(dialog.getByRole('alert')).toHaveText(
        'QR code: the QR code holds no otpauth://totp/… link (is it the one for authenticator apps?).',
      );
      await expect(field).toHaveValue('');
      await giveImage(field, 'drop', await QRCode.toBuffer(link, { type: 'png' }));
      await expect(field).toHaveValue(link);
      await expect(dialog.getByRole('alert')).toHaveCount(0);
    },
  );
  await expect(page.getByRole('heading', { level: 2, name: 'QR Figma' })).toBeVisible();
  await expect(page.getByLabel('Verification code')).toHaveText(/^\d{3} \d{3}$/);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(
    page.getByRole('dialog', { name: 'Edit QR Figma' }).getByLabel('TOTP secret (Base32, optional)'),
  ).toHaveValue(TOTP_SECRET);
  await ada.close();
});
