import { expect } from '@playwright/test';
import type { User } from '../../domain/records';
import { test } from './support/desktop-fixture';
import { openMember } from './support/member-pages';

/** Role changes write to the workspace: each test gets a world of its own, seeded afresh. */

// Replication and the live stream are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 150_000 });

test('an Owner makes a user Admin in the app, and is told why they cannot demote themselves', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;

  await openMember(page, 'Bob Builder');
  const role = page.getByRole('region', { name: 'Role' });
  await role.getByRole('combobox', { name: 'Workspace role' }).selectOption({ label: 'Admin' });
  await role.getByRole('button', { name: 'Change role' }).click();
  await expect(role.getByRole('status')).toHaveText('Bob Builder is now Admin.', { timeout: SYNC_TIMEOUT });
  // The new role comes back to this device through replication, like any change to a member.
  const facts = page.getByRole('region', { name: 'Identity' });
  await expect(facts.getByRole('definition').nth(1)).toHaveText('Admin', { timeout: SYNC_TIMEOUT });
  const stored = (await world.server.repo.get(world.server.db, 'users', 'user-bob')) as User | null;
  expect(stored?.role).toBe('admin');
  await page.screenshot({ path: testInfo.outputPath('member-role-changed.png'), fullPage: true });

  await page.getByRole('button', { name: '← All members' }).click();
  await expect(page.locator('tr[data-member="bob@example.com"]')).toContainText('Admin');

  await openMember(page, 'Ada Lovelace');
  const own = page.getByRole('region', { name: 'Role' });
  await own.getByRole('combobox', { name: 'Workspace role' }).selectOption({ label: 'User' });
  await expect(own.getByTestId('role-refusal')).toHaveText(
    'This is the workspace’s last Owner: make someone else Owner first, so the workspace always has one.',
  );
  await expect(own.getByRole('button', { name: 'Change role' })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('member-role-own.png'), fullPage: true });
});
