import type { Page } from '@playwright/test';
import { EXTRA_ACCOUNTS, PEOPLE } from '../../dev/stack/desktop-world';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeShare, makeUser } from '../../dev/stack/workspace-factory';
import { expect, test } from './support/desktop-fixture';

// Reconnection and replication are asynchronous: every wait is on what the user sees, bounded.
const SYNC_TIMEOUT = 45_000;
test.describe.configure({ timeout: 150_000 });

const indicator = (page: Page) => page.locator('.sync-indicator');
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

async function openAccount(page: Page, name: string) {
  await card(page, name).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

async function editField(page: Page, label: string, value: string) {
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toHaveCount(0);
}

test('an edit made offline waits as a pending change and reaches another signed-in client after reconnecting', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  const bob = await world.openClient(browser, 'bob');
  await ada.signIn();
  await bob.signIn();
  await openAccount(ada.page, EXTRA_ACCOUNTS.offline);
  await expect(indicator(ada.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });

  ada.network.disconnect();
  await expect(indicator(ada.page)).toHaveAttribute('data-sync-state', 'offline', { timeout: SYNC_TIMEOUT });
  await editField(ada.page, 'Labels (comma-separated)', 'ops, edited-offline');
  // The replica took the edit at once; the server has not seen it.
  await expect(ada.page.getByTestId('account-facts')).toContainText('ops, edited-offline');
  await expect(indicator(ada.page)).toHaveText('Offline — 1 pending change');
  await ada.page.screenshot({ path: testInfo.outputPath('offline-pending.png') });
  await expect(card(bob.page, EXTRA_ACCOUNTS.offline)).not.toContainText('edited-offline');

  ada.network.reconnect();
  await expect(indicator(ada.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });
  await expect(card(bob.page, EXTRA_ACCOUNTS.offline)).toContainText('edited-offline', { timeout: SYNC_TIMEOUT });
});

test('concurrent edits on two devices are merged and the user is told', async ({ world, browser }, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  const bob = await world.openClient(browser, 'bob');
  await ada.signIn();
  await bob.signIn();
  await openAccount(ada.page, EXTRA_ACCOUNTS.conflict);
  await openAccount(bob.page, EXTRA_ACCOUNTS.conflict);
  await expect(indicator(ada.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });

  ada.network.disconnect();
  await expect(indicator(ada.page)).toHaveAttribute('data-sync-state', 'offline', { timeout: SYNC_TIMEOUT });
  await editField(ada.page, 'Name', 'Support Desk EU');
  // Meanwhile Bob (a collaborator) changes the labels of the same account, online.
  await editField(bob.page, 'Labels (comma-separated)', 'ops, urgent');
  await expect(indicator(bob.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });

  ada.network.reconnect();
  const issue = ada.page.getByRole('alert').filter({ hasText: 'Conflict merged' });
  await expect(issue).toContainText('Support Desk EU', { timeout: SYNC_TIMEOUT });
  await expect(issue).toContainText('Someone changed this at the same time on another device');
  // Both changes survive, on both devices.
  await expect(ada.page.getByTestId('account-facts')).toContainText('ops, urgent', { timeout: SYNC_TIMEOUT });
  await expect(ada.page.getByRole('heading', { level: 2, name: 'Support Desk EU' })).toBeVisible();
  await expect(bob.page.getByRole('heading', { level: 2, name: 'Support Desk EU' })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await ada.page.screenshot({ path: testInfo.outputPath('conflict-merged.png') });
  await issue.getByRole('button', { name: 'Dismiss' }).click();
  await expect(issue).toHaveCount(0);
});

test('a change the server refuses is undone and the user is told why', async ({ world, browser }, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  await openAccount(ada.page, EXTRA_ACCOUNTS.refused);
  await expect(indicator(ada.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });

  ada.network.disconnect();
  await expect(indicator(ada.page)).toHaveAttribute('data-sync-state', 'offline', { timeout: SYNC_TIMEOUT });
  await editField(ada.page, 'Name', 'Billing Portal (renamed offline)');
  // While Ada is away, ownership moves to Cy: Ada stays a Collaborator, who may not rename it.
  const user = (p: 'ada' | 'cy') => makeUser({ id: `user-${p}`, role: PEOPLE[p].role, externalId: PEOPLE[p].oktaId });
  await seedRecords(world.server, {
    shares: [
      makeShare({ account: 'acct-refused' }, { user: user('ada') }, 'collaborator', 'sh-ada-acct-refused'),
      makeShare({ account: 'acct-refused' }, { user: user('cy') }, 'owner', 'sh-cy-acct-refused'),
    ],
  });

  ada.network.reconnect();
  const issue = ada.page.getByRole('alert').filter({ hasText: 'Change refused' });
  await expect(issue).toContainText("Only the account's owners can edit its details. Ask an owner: Cy Young.", {
    timeout: SYNC_TIMEOUT,
  });
  await expect(ada.page.getByRole('heading', { level: 2, name: EXTRA_ACCOUNTS.refused, exact: true })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await expect(ada.page.getByTestId('your-role')).toHaveText('Collaborator (direct share)');
  await ada.page.screenshot({ path: testInfo.outputPath('change-refused.png') });
});
