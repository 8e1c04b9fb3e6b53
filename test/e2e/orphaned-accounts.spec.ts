import type { Page } from '@playwright/test';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeAccount, makeCredentials, makeShare } from '../../dev/stack/workspace-factory';
import { directoryUserByExternalId } from '../../sync-server/store/directory-queries';
import { expect, test } from './support/deprovision-fixture';

// Okta deactivates the only Owner of an account: nobody can edit or share it. Ada (workspace
// Owner) finds it under Orphaned accounts with who owned it, gives it to Bob, and Bob then has the
// account and its password in his app.
const SYNC_TIMEOUT = 45_000;
test.describe.configure({ timeout: 150_000 });

const open = async (page: Page, screen: RegExp) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();
};

test('the last Owner leaves: an Admin assigns a new Owner, who then sees the account and its password', async ({
  deprovisionWorld: world,
  browser,
}, testInfo) => {
  const dev = await world.addCollaborator('dev');
  const row = await directoryUserByExternalId(world.server.db, dev.oktaId);
  if (!row) throw new Error('SCIM did not provision dev');
  const account = { id: 'acct-dev-analytics', name: 'Dev Analytics', password: 'analytics-secret-3' };
  await seedRecords(world.server, {
    accounts: [makeAccount({ id: account.id, name: account.name, appName: 'Analytics' })],
    credentials: [makeCredentials(account.id, { password: account.password })],
    shares: [makeShare({ account: account.id }, { user: row.doc }, 'owner', 'sh-dev-analytics')],
  });

  await world.sim.admin.deactivateUser(dev.oktaId);
  await expect
    .poll(async () => (await world.server.repo.get(world.server.db, 'users', row.doc.id))?.active, {
      timeout: SYNC_TIMEOUT,
    })
    .toBe(false);

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await expect(nav.getByTestId('orphaned-count')).toBeVisible({ timeout: SYNC_TIMEOUT });
  // The badge counts every orphaned account of the workspace: count from what is shown.
  const before = Number(await nav.getByTestId('orphaned-count').textContent());
  expect(before).toBeGreaterThanOrEqual(1);
  await open(page, /^Orphaned accounts/);
  await expect(page.getByRole('heading', { level: 2, name: 'Orphaned accounts' })).toBeVisible();

  const orphan = page
    .getByRole('table', { name: 'Orphaned accounts' })
    .getByRole('row')
    .filter({ hasText: account.name });
  await expect(orphan).toContainText('Dev Contractor, who left', { timeout: SYNC_TIMEOUT });
  await expect(orphan).toContainText('Needs a new password');
  await page.screenshot({ path: testInfo.outputPath('orphaned-list.png'), fullPage: true });

  await orphan.getByRole('button', { name: `Assign Owner of ${account.name}` }).click();
  const picker = orphan.getByRole('group', { name: `New Owner of ${account.name}` });
  // Only members who may own it are offered: not Lou (Login-only), not Dev (gone).
  const member = picker.getByRole('combobox', { name: 'Member' });
  await expect(member.getByRole('option', { name: 'Lou Reed' })).toHaveCount(0);
  await expect(member.getByRole('option', { name: 'Dev Contractor' })).toHaveCount(0);
  await member.selectOption({ label: 'Bob Builder' });
  await picker.getByRole('button', { name: 'Continue' }).click();
  const confirm = orphan.getByRole('group', { name: `Confirm the new Owner of ${account.name}` });
  await expect(confirm).toContainText(`Make Bob Builder the Owner of ${account.name}?`);
  await page.screenshot({ path: testInfo.outputPath('orphaned-confirm.png'), fullPage: true });
  await confirm.getByRole('button', { name: 'Make Bob Builder Owner' }).click();

  await expect(page.getByTestId('orphan-done')).toHaveText(`Bob Builder is now the Owner of ${account.name}.`, {
    timeout: SYNC_TIMEOUT,
  });
  await expect(page.getByRole('row').filter({ hasText: account.name })).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  // The sidebar's count follows: one account fewer (none left shows no count at all).
  await expect(nav.getByTestId('orphaned-count')).toHaveCount(before > 1 ? 1 : 0);
  if (before > 1) await expect(nav.getByTestId('orphaned-count')).toHaveText(String(before - 1));
  await page.screenshot({ path: testInfo.outputPath('orphaned-assigned.png'), fullPage: true });

  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  const card = bob.page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: new RegExp(`^${account.name}`) });
  await expect(card).toBeVisible({ timeout: SYNC_TIMEOUT });
  await card.click();
  await bob.page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(bob.page.getByLabel('Password', { exact: true })).toHaveText(account.password, {
    timeout: SYNC_TIMEOUT,
  });
  await bob.page.screenshot({ path: testInfo.outputPath('new-owner-sees-account.png'), fullPage: true });
});
