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
  // Ada owns the shared account directly: no other test in this world can take it from her.
  const ada = await world.openClient(browser, 'ada', { holdPulls: ['accounts', 'users'] });
  await ada.signIn();
  const page = ada.page;
  const notMember = page.getByText('Your user is not in this workspace yet');

  await ada.pullAnswered('settings');
  await expect(page.getByText('The first sync with the server has not finished yet.')).toBeVisible();

  ada.releasePulls('accounts');
  const accounts = page.getByRole('list', { name: 'Accounts' });
  await expect(accounts.getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })).toBeVisible({
    timeout: 30_000,
  });
  // Settings and accounts are in; the people are not: nothing may say Ada is not a member.
  await expect(notMember).toHaveCount(0);

  await page.getByRole('button', { name: 'My Profile' }).click();
  const profile = page.getByRole('region', { name: 'General' });
  await expect(profile.getByText('Your profile arrives with the first sync')).toBeVisible();
  ada.releasePulls('users');
  await expect(profile.getByText('Ada Lovelace')).toBeVisible({ timeout: 30_000 });
  await expect(notMember).toHaveCount(0);
});
