import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/desktop-fixture';

// Where no keychain exists the app says so and what to install on this OS, keeps credentials in
// memory for the session and still works: the replica opens and a shared password can be revealed.
// The notice, once dismissed, stays away after a reload.
test.describe.configure({ timeout: 120_000 });

test('without an OS keychain the app says credentials stay in memory, and still reveals a password', async ({
  world,
  browser,
}, testInfo) => {
  const bob = await world.openClient(browser, 'bob', { keychain: false });
  await bob.signIn();
  const page = bob.page;
  const notice = page.getByRole('status', { name: 'Keychain' });
  await expect(notice).toContainText('No keychain: credentials are kept in memory only and re-downloaded each start.');
  // The host here is Linux: the advice names a Secret Service provider to install.
  await expect(notice).toContainText('install and start a Secret Service keyring — GNOME Keyring');
  await page.screenshot({ path: testInfo.outputPath('no-keychain.png') });
  await page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })
    .click();
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(SHARED_ACCOUNT.password, { timeout: 30_000 });

  await page.getByRole('button', { name: 'Dismiss keychain notice' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Accounts' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })).toBeVisible({
    timeout: 30_000,
  });
  await expect(notice).toHaveCount(0);
});
