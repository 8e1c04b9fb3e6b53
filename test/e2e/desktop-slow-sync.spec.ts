import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { createAccountInDialog } from './support/account-dialog';
import { expect, test } from './support/desktop-fixture';

// Each collection replicates on its own, so a slow server answers them in any order. Pulls: the
// workspace settings can arrive before the people and the accounts, and until a collection has been
// pulled the app must not state what it does not know yet ("you are not in this workspace", "no
// accounts"). Pushes: a new account's credentials must not reach the server before the account.
test.describe.configure({ timeout: 120_000 });

test('during a slow first sync the app says it is still syncing, never that you are missing from the workspace', async ({
  world,
  browser,
}) => {
  // Ada owns the shared account directly: no other test in this world can take it from her.
  const ada = await world.openClient(browser, 'ada', { hold: { pulls: ['accounts', 'users'] } });
  await ada.signIn();
  const page = ada.page;
  const notMember = page.getByText('Your user is not in this workspace yet');

  await ada.answered('pull', 'settings');
  await expect(page.getByText('The first sync with the server has not finished yet.')).toBeVisible();

  ada.release('pull', 'accounts');
  const accounts = page.getByRole('list', { name: 'Accounts' });
  await expect(accounts.getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })).toBeVisible({
    timeout: 30_000,
  });
  // Settings and accounts are in; the people are not: nothing may say Ada is not a member.
  await expect(notMember).toHaveCount(0);

  await page.getByRole('button', { name: 'My Profile' }).click();
  const profile = page.getByRole('region', { name: 'General' });
  await expect(profile.getByText('Your profile arrives with the first sync')).toBeVisible();
  ada.release('pull', 'users');
  await expect(profile.getByText('Ada Lovelace')).toBeVisible({ timeout: 30_000 });
  await expect(notMember).toHaveCount(0);
});

test('an account created while the server is slow to take it keeps its password: credentials follow the account', async ({
  world,
  browser,
}) => {
  const ada = await world.openClient(browser, 'ada', { hold: { pushes: ['accounts'] } });
  await ada.signIn();
  const page = ada.page;
  await createAccountInDialog(page, {
    name: 'Slow Portal',
    appName: 'Freshdesk',
    loginUrl: 'https://slow.example.com/login',
    username: 'ops@acme.test',
    password: 'slow-secret-7',
  });
  await expect(page.getByRole('heading', { level: 2, name: 'Slow Portal' })).toBeVisible();
  // The account and its credentials both wait: the account at the server's door, its credentials behind it.
  await expect(page.locator('[data-sync-state]')).toContainText('2 pending changes');

  ada.release('push', 'accounts');
  await expect(page.locator('[data-sync-state="online"]')).toHaveText('Online — all changes synced', {
    timeout: 30_000,
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Change refused' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText('slow-secret-7');

  const [stored] = await world.server.db.query<{ id: string }>(
    "select id from records where collection = 'accounts' and doc->>'name' = $1",
    ['Slow Portal'],
  );
  expect(stored).toBeDefined();
  const credentials = await world.server.repo.get(world.server.db, 'credentials', stored?.id ?? '');
  expect(credentials?.password).toBe('slow-secret-7');
});
