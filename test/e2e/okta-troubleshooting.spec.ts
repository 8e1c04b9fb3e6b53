/**
 * The troubleshooting cases of Extended account access, as people meet them, each in a world of
 * its own (the tests change Okta and who holds what):
 * - "Sync account manually": an Okta admin took a chiclet away in Okta; the account's Owner syncs
 *   the account from its details and the chiclet is back (Latchkey's access is the truth).
 * - "Sync with Okta" in My Profile: the same for every extended account the person owns, at once.
 * - The vendor's All-Access caveat, fixed: a Super Admin whose All-Access Mode is on and who is
 *   removed from an extended account loses its chiclet at once — no turning the mode off, no
 *   manual sync.
 */
import { expect, type Page } from '@playwright/test';
import { type DesktopWorld, EXTRA_ACCOUNTS, PEOPLE, type Person, SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeShare } from '../../dev/stack/workspace-factory';
import type { User } from '../../domain/records';
import { test } from './support/desktop-fixture';
import { syncAccountManually } from './support/okta-panel';

// Replication and the Okta reconciler are asynchronous: waits are on what people see, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 150_000 });

const VENDOR_ID = 'acct-offline';
const BRAND_CHICLET = `${SHARED_ACCOUNT.name} - Instagram`;
const VENDOR_CHICLET = `${EXTRA_ACCOUNTS.offline} - Zendesk`;

const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

/** The sync server's API as a person, with the Okta access token the desktop app would send. */
async function api(world: DesktopWorld, person: Person, method: string, apiPath: string): Promise<number> {
  const token = await world.sim.issueAccessToken(PEOPLE[person].oktaId);
  const res = await fetch(`${world.serverUrl}${apiPath}`, { method, headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

/** The Okta app Latchkey made for an account: the bookmark whose URL launches it. */
function appOf(world: DesktopWorld, accountId: string) {
  const url = `${world.serverUrl}/launch/${accountId}`;
  return [...world.sim.directory.apps.values()].find((a) => a.url === url && a.status === 'ACTIVE');
}
const assigned = (world: DesktopWorld, accountId: string, person: Person) =>
  appOf(world, accountId)?.users.has(PEOPLE[person].oktaId) === true;

/** What an Okta admin does in Okta: unassign a person from an app, over Okta's Management API. */
async function unassignInOkta(world: DesktopWorld, accountId: string, person: Person): Promise<void> {
  const app = appOf(world, accountId);
  if (app === undefined) throw new Error(`no Okta app for ${accountId}`);
  const res = await fetch(`${world.sim.url}/api/v1/apps/${app.id}/users/${PEOPLE[person].oktaId}`, {
    method: 'DELETE',
    headers: { authorization: `SSWS ${world.sim.apiToken}`, accept: 'application/json' },
  });
  expect(res.status).toBe(204);
}

/** The person's Okta dashboard (My Apps), signed in through the session their Latchkey sign-in made. */
async function myApps(client: { context: import('@playwright/test').BrowserContext }, world: DesktopWorld) {
  const page = await client.context.newPage();
  await page.goto(`${world.sim.url}/app/UserHome`);
  await expect(page.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  return page;
}

/** Extends accounts Ada owns and waits until Okta has them, assigned to Bob (Marketing). */
async function extendedForBob(world: DesktopWorld, ...accountIds: string[]): Promise<void> {
  for (const id of accountIds) expect(await api(world, 'ada', 'POST', `/api/v1/accounts/${id}/extend`)).toBe(202);
  await expect.poll(() => accountIds.every((id) => assigned(world, id, 'bob')), { timeout: SYNC_TIMEOUT }).toBe(true);
}

test('Sync account manually: a chiclet an Okta admin took away comes back', async ({ world, browser }, testInfo) => {
  await extendedForBob(world, SHARED_ACCOUNT.id);
  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  const dashboard = await myApps(bob, world);
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toBeVisible();

  // Changed in Okta, not in Latchkey: Bob no longer has the chiclet.
  await unassignInOkta(world, SHARED_ACCOUNT.id, 'bob');
  await dashboard.reload();
  await expect(dashboard.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toHaveCount(0);

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await card(page, SHARED_ACCOUNT.name).click();
  await expect(page.locator('.okta-panel [data-extension-state]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
  await syncAccountManually(page, SYNC_TIMEOUT);
  await page.screenshot({ path: testInfo.outputPath('synced-manually.png'), fullPage: true });

  // The sync is complete: Okta assigns Bob again, and his dashboard shows the chiclet.
  expect(assigned(world, SHARED_ACCOUNT.id, 'bob')).toBe(true);
  await dashboard.reload();
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toBeVisible();
});

test('Sync with Okta in My Profile: every extended account the person owns is brought back at once', async ({
  world,
  browser,
}, testInfo) => {
  await extendedForBob(world, SHARED_ACCOUNT.id, VENDOR_ID);
  const bob = await world.openClient(browser, 'bob');
  await bob.signIn();
  await unassignInOkta(world, SHARED_ACCOUNT.id, 'bob');
  await unassignInOkta(world, VENDOR_ID, 'bob');
  const dashboard = await myApps(bob, world);
  await expect(dashboard.getByText('No apps assigned.')).toBeVisible();

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await open(page, 'My Profile');
  await expect(page.getByTestId('own-sync-summary')).toHaveText('2 of your accounts are extended to Okta: 2 synced.', {
    timeout: SYNC_TIMEOUT,
  });
  await page.getByRole('button', { name: 'Sync with Okta' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sync your accounts with Okta manually?' });
  await dialog.getByRole('button', { name: 'Sync accounts' }).click();
  await expect(page.getByText('Sync requested for 2 accounts.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('sync-all.png'), fullPage: true });

  await expect
    .poll(() => assigned(world, SHARED_ACCOUNT.id, 'bob') && assigned(world, VENDOR_ID, 'bob'), {
      timeout: SYNC_TIMEOUT,
    })
    .toBe(true);
  await dashboard.reload();
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toBeVisible();
  await expect(dashboard.getByRole('link', { name: VENDOR_CHICLET })).toBeVisible();
});

test('removed from an extended account while their All-Access Mode is on, a Super Admin loses its chiclet at once', async ({
  world,
  browser,
}, testInfo) => {
  const cyRecord = (await world.server.repo.get(world.server.db, 'users', 'user-cy')) as User;
  await seedRecords(world.server, {
    users: [{ ...cyRecord, role: 'superAdmin' }],
    shares: [makeShare({ account: SHARED_ACCOUNT.id }, { user: 'user-cy' }, 'collaborator', 'sh-cy-brand')],
  });
  expect(await api(world, 'ada', 'POST', `/api/v1/accounts/${SHARED_ACCOUNT.id}/extend`)).toBe(202);
  await expect.poll(() => assigned(world, SHARED_ACCOUNT.id, 'cy'), { timeout: SYNC_TIMEOUT }).toBe(true);

  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  await open(cy.page, 'My Profile');
  const toggle = cy.page
    .getByRole('region', { name: 'All-Access Mode' })
    .getByRole('switch', { name: 'All-Access Mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true', { timeout: SYNC_TIMEOUT });
  const dashboard = await myApps(cy, world);
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toBeVisible();

  // Ada removes Cy from the account; nobody turns All-Access Mode off or syncs by hand.
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  await card(ada.page, SHARED_ACCOUNT.name).click();
  await ada.page.getByRole('button', { name: 'Remove access for Cy Young' }).click();
  await expect(ada.page.getByRole('list', { name: 'Who has access' })).not.toContainText('Cy Young');

  await expect.poll(() => assigned(world, SHARED_ACCOUNT.id, 'cy'), { timeout: SYNC_TIMEOUT }).toBe(false);
  await dashboard.reload();
  await expect(dashboard.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  await expect(dashboard.getByRole('link', { name: BRAND_CHICLET })).toHaveCount(0);
  // Cy still sees the account in Latchkey through the mode, with no role, and Okta still serves Bob.
  await open(cy.page, 'Accounts');
  await expect(card(cy.page, SHARED_ACCOUNT.name)).toContainText('No role', { timeout: SYNC_TIMEOUT });
  expect(assigned(world, SHARED_ACCOUNT.id, 'bob')).toBe(true);
  await dashboard.screenshot({ path: testInfo.outputPath('all-access-chiclet-gone.png') });
});
