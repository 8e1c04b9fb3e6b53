import { expect, test } from './support/desktop-fixture';
import { SHARED_ACCOUNT } from './support/desktop-world';

// Issue 7: where no keychain exists the app says so, keeps credentials in memory for the session
// and still works: the replica opens and a shared password can be revealed.
test.describe.configure({ timeout: 120_000 });

test('without an OS keychain the app says credentials stay in memory, and still reveals a password', async ({
  world,
  browser,
}) => {
  const bob = await world.openClient(browser, 'bob', { keychain: false });
  await bob.signIn();
  const page = bob.page;
  await expect(page.getByRole('status', { name: 'Keychain' })).toHaveText(
    'No keychain: credentials are kept in memory only and re-downloaded each start.',
  );
  await page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })
    .click();
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(SHARED_ACCOUNT.password, { timeout: 30_000 });
});
