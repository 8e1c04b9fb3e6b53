/**
 * Personal All-Access Mode, as a Super Admin meets it: turned on in My Profile, it shows an
 * account nobody shared with them (never its password), lets them give it a new Owner, and the
 * frame says it is on until they turn it off there — when the account leaves their list again.
 */
import { expect, type Page } from '@playwright/test';
import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { seedRecords } from '../../dev/stack/seed-records';
import type { Share, User } from '../../domain/records';
import { chooseGrantee } from './support/combobox-choice';
import { test } from './support/desktop-fixture';

/** The mode and the new Owner are writes: each test gets a world of its own, seeded afresh. */

const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 150_000 });

const EXPLAINED =
  'All-Access Mode lets you see every account and collection in the workspace and reassign Owners. It never shows passwords and never adds Okta chiclets.';

const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};
const brandCard = (page: Page) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) });

test('a Super Admin turns on their All-Access Mode, gives an account nobody shared with them a new Owner, and turns it off', async ({
  world,
  browser,
}, testInfo) => {
  const cyRecord = (await world.server.repo.get(world.server.db, 'users', 'user-cy')) as User;
  await seedRecords(world.server, { users: [{ ...cyRecord, role: 'superAdmin' }] });
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  const page = cy.page;

  await open(page, 'My Profile');
  const panel = page.getByRole('region', { name: 'All-Access Mode' });
  await expect(panel).toContainText(EXPLAINED, { timeout: SYNC_TIMEOUT });
  const toggle = panel.getByRole('switch', { name: 'All-Access Mode' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await open(page, 'Accounts');
  await expect(brandCard(page)).toHaveCount(0);

  await open(page, 'My Profile');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true', { timeout: SYNC_TIMEOUT });
  const banner = page.getByRole('status', { name: 'All-Access Mode' });
  await expect(banner).toContainText('All-Access Mode is on', { timeout: SYNC_TIMEOUT });
  expect(((await world.server.repo.get(world.server.db, 'users', 'user-cy')) as User).allAccess).toBe(true);

  // The account Ada owns and never shared with Cy arrives, without a role and without its password.
  await open(page, 'Accounts');
  await expect(brandCard(page)).toContainText('No role', { timeout: SYNC_TIMEOUT });
  await brandCard(page).click();
  await expect(page.getByRole('heading', { level: 2, name: SHARED_ACCOUNT.name })).toBeVisible();
  await expect(page.getByTestId('your-role')).toHaveText('No role — visible through your All-Access Mode');
  await expect(page.getByRole('button', { name: 'Reveal password' })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(SHARED_ACCOUNT.password);
  await page.screenshot({ path: testInfo.outputPath('all-access-on.png'), fullPage: true });

  // Reassigning Owners is what the mode is for: Bob becomes an Owner of the account.
  await chooseGrantee(page, 'Bob', 'Bob Builder (bob@example.com)');
  await page.getByLabel('Role').selectOption('owner');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText(
    'Bob Builder — Owner (direct share; via team Marketing)',
  );
  await expect
    .poll(
      async () => {
        const rows = await world.server.db.query<{ doc: Share }>(
          "select doc from records where collection = 'shares' and not deleted and doc->>'itemId' = $1",
          [SHARED_ACCOUNT.id],
        );
        return rows.some((r) => r.doc.granteeId === 'user-bob' && r.doc.role === 'owner');
      },
      { timeout: SYNC_TIMEOUT },
    )
    .toBe(true);

  // Turned off from the frame, the account leaves Cy's device: Cy holds no role on it.
  await banner.getByRole('button', { name: 'Turn off All-Access Mode' }).click();
  await expect(banner).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  await open(page, 'Accounts');
  await expect(brandCard(page)).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  expect(((await world.server.repo.get(world.server.db, 'users', 'user-cy')) as User).allAccess).toBe(false);
});

test('an Admin is not offered All-Access Mode', async ({ world, browser }) => {
  const cyRecord = (await world.server.repo.get(world.server.db, 'users', 'user-cy')) as User;
  await seedRecords(world.server, { users: [{ ...cyRecord, role: 'admin' }] });
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  await open(cy.page, 'My Profile');
  await expect(cy.page.getByRole('region', { name: 'General' })).toContainText('Admin', { timeout: SYNC_TIMEOUT });
  await expect(cy.page.getByRole('switch', { name: 'All-Access Mode' })).toHaveCount(0);
  await expect(cy.page.getByText(EXPLAINED)).toHaveCount(0);
});
