import { expect, test } from './support/desktop-fixture';
import { SHARED_ACCOUNT } from './support/desktop-world';

// The first sync after signing in pulls each collection on its own: the workspace settings can
// arrive before the people and the accounts. Until a collection has been pulled, the app must not
// state what it does not know yet ("you are not in this workspace", "no accounts").
test.describe.configure({ timeout: 120_000 });

test('during a slow first sync the app says it is still syncing, never that you are missing from the workspace', async ({
  world,
  browser,
}) => {
  const bob = await world.openClient(browser, 'bob', { holdPulls: ['accounts', 'users'] });
  await bob.signIn();
  const page = bob.page;
  const notMember = page.getByText('Your user is not in this workspace yet');

  await bob.pullAnswered('settings');
  await expect(page.getByText('The first sync with the server has not finished yet.')).toBeVisible();

  bob.releasePulls('accounts');
  const accounts = page.getByRole('list', { name: 'Accounts' });
  await expect(accounts.getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })).toBeVisible({
    timeout: 30_000,
  });
  // Settings and accounts are in; the people are not: nothing may say Bob is not a member.
  await expect(notMember).toHaveCount(0);

  await page.getByRole('button', { name: 'My Profile' }).click();
  const profile = page.getByRole('region', { name: 'General' });
  await expect(profile.getByText('Your profile arrives with the first sync')).toBeVisible();
  bob.releasePulls('users');
  await expect(profile.getByText('Bob Builder')).toBeVisible({ timeout: 30_000 });
  await expect(notMember).toHaveCount(0);
});
