/**
 * Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) over every screen of the app, as the
 * person who can open it — the workspace Owner sees the admin screens. A serious or critical
 * violation fails the test, which names each one with the elements it was found on. Plus the
 * visible focus a keyboard user needs: the focused button draws an outline.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PEOPLE, SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/desktop-fixture';
import { openMember, sidebar } from './support/member-pages';

test.describe.configure({ timeout: 180_000 });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SYNC_TIMEOUT = 30_000;

/**
 * Runs axe on what the page shows now: every WCAG A/AA rule in the light colour scheme, and the
 * colour contrast again in the dark one (the app follows the system's; no other rule depends on
 * it). The failure lists each serious or critical violation and where it was found.
 */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const runs = [
    { colorScheme: 'light', axe: () => new AxeBuilder({ page }).withTags(WCAG_TAGS) },
    { colorScheme: 'dark', axe: () => new AxeBuilder({ page }).withRules(['color-contrast']) },
  ] as const;
  for (const run of runs) {
    await page.emulateMedia({ colorScheme: run.colorScheme });
    const results = await run.axe().analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
            .map((node) => `${node.target.join(' ')} (${node.failureSummary ?? ''})`)
            .join(', ')}`,
      );
    // Soft: one run reports every screen's violations, not only the first screen's.
    expect.soft(serious, `axe found serious or critical violations on ${screen} (${run.colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name, exact: true });
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

async function openScreen(page: Page, entry: string, title = entry): Promise<void> {
  await sidebar(page).getByRole('button', { name: entry, exact: true }).click();
  await expect(heading(page, title)).toBeVisible();
}

test('axe on every screen, as the workspace Owner: no serious or critical violation', async ({ world, browser }) => {
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await expect(page.getByRole('button', { name: 'Sign in with Okta' })).toBeVisible();
  await expectAccessible(page, 'the sign-in screen');

  await ada.signIn();
  // Shares replicate apart from accounts: the card says Owner once everything is in.
  await expect(card(page, SHARED_ACCOUNT.name)).toContainText('Owner', { timeout: SYNC_TIMEOUT });
  await expectAccessible(page, 'the accounts list');

  // This host has no login window to launch into, so the launch banner says why it failed.
  await page.getByRole('button', { name: `Log in to ${SHARED_ACCOUNT.name}` }).click();
  const banner = page.getByRole('alert', { name: 'Launch' });
  await expect(banner).toContainText(`Could not log in to ${SHARED_ACCOUNT.name}`);
  await expectAccessible(page, 'the launch banner');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);

  await card(page, SHARED_ACCOUNT.name).click();
  await expect(heading(page, SHARED_ACCOUNT.name)).toBeVisible();
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(SHARED_ACCOUNT.password);
  await expectAccessible(page, 'the account details');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('dialog', { name: `Edit ${SHARED_ACCOUNT.name}` })).toBeVisible();
  await expectAccessible(page, 'the Edit account dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog', { name: `Delete ${SHARED_ACCOUNT.name}?` })).toBeVisible();
  await expectAccessible(page, 'the Delete account confirmation');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await openScreen(page, 'Accounts');
  await page.getByRole('button', { name: 'New account' }).click();
  await expect(page.getByRole('dialog', { name: 'New account' })).toBeVisible();
  await expectAccessible(page, 'the New account dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectAccessible(page, 'the Keyboard shortcuts dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await openScreen(page, 'Collections');
  await page.getByRole('button', { name: 'New collection' }).click();
  const create = page.getByRole('dialog', { name: 'New collection' });
  await expect(create).toBeVisible();
  await expectAccessible(page, 'the New collection dialog');
  await create.getByLabel('Name').fill('Accessible things');
  await create.getByRole('button', { name: 'Create collection' }).click();
  await expect(heading(page, 'Accessible things')).toBeVisible();
  await expectAccessible(page, 'the collection details');
  await page.getByRole('button', { name: 'Extend collection to Okta' }).click();
  await expect(page.getByRole('dialog', { name: 'Extend this collection to Okta?' })).toBeVisible();
  await expectAccessible(page, 'the Extend collection confirmation');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await openScreen(page, 'Collections');
  await expect(page.getByRole('list', { name: 'Collections' })).toContainText('Accessible things');
  await expectAccessible(page, 'the collections list');

  await openScreen(page, 'My Profile');
  await expectAccessible(page, 'My Profile');

  await openScreen(page, 'Workspace settings');
  await expect(page.getByRole('heading', { level: 3, name: 'Okta connection' })).toBeVisible();
  await expectAccessible(page, 'the workspace settings');

  await openScreen(page, 'All members');
  await expect(page.getByRole('button', { name: `More about ${PEOPLE.bob.given} ${PEOPLE.bob.family}` })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await expectAccessible(page, 'All members');
  await openMember(page, `${PEOPLE.bob.given} ${PEOPLE.bob.family}`);
  await expect(page.getByRole('heading', { level: 3, name: 'Role' })).toBeVisible();
  await expectAccessible(page, 'the member details');

  await openScreen(page, 'Teams');
  await expect(page.getByRole('heading', { level: 3, name: 'Marketing' })).toBeVisible();
  await expectAccessible(page, 'Teams');

  await openScreen(page, 'Audit log');
  await expect(page.getByRole('table', { name: 'Audit events' })).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expectAccessible(page, 'the audit log');

  await openScreen(page, 'Orphaned accounts');
  await expectAccessible(page, 'the orphaned accounts');

  await page.keyboard.press('Control+L');
  await expect(heading(page, 'Latchkey is locked')).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expectAccessible(page, 'the lock screen');
  await ada.close();
});

test('axe on a Login-only user’s screens, where notices replace what they may not do', async ({ world, browser }) => {
  const lou = await world.openClient(browser, 'lou');
  const { page } = lou;
  await lou.signIn();
  await expect(card(page, SHARED_ACCOUNT.name)).toContainText('Collaborator', { timeout: SYNC_TIMEOUT });
  await expect(page.getByRole('button', { name: 'New account' })).toBeDisabled();
  await expectAccessible(page, 'the accounts list');
  await card(page, SHARED_ACCOUNT.name).click();
  await expect(page.getByText('Login-only users cannot see its credentials.', { exact: false })).toBeVisible();
  await expectAccessible(page, 'the account details');
  await openScreen(page, 'My Profile');
  await expectAccessible(page, 'My Profile');
  await lou.close();
});

test('axe on Settings signed in, with the server and Okta read-only from LATCHKEY_* variables', async ({
  world,
  browser,
}) => {
  const cy = await world.openClient(browser, 'cy');
  const { page } = cy;
  await cy.signIn();
  await openScreen(page, 'Settings');
  await expect(page.getByLabel('Sync server URL')).not.toBeEditable();
  await expectAccessible(page, 'the Settings screen');
  await cy.close();
});

test('axe on a new install: the sign-in screen leading to Settings, and a field refused there', async ({
  world,
  browser,
}) => {
  const cy = await world.openClient(browser, 'cy', { unconfigured: true });
  const { page } = cy;
  await expect(page.getByRole('button', { name: 'Open Settings' })).toBeVisible();
  await expectAccessible(page, 'the sign-in screen of a new install');
  await page.getByRole('button', { name: 'Open Settings' }).click();
  await page.getByLabel('Sync server URL').fill('http://latchkey.acme.example');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByLabel('Sync server URL')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the Settings screen with a refused field');
  await cy.close();
});

test('visible focus: the button reached with Tab draws an outline', async ({ world, browser }) => {
  const cy = await world.openClient(browser, 'cy');
  const { page } = cy;
  const signIn = page.getByRole('button', { name: 'Sign in with Okta' });
  await expect(signIn).toBeVisible();
  const outline = () => signIn.evaluate((button) => getComputedStyle(button).outlineStyle);
  expect(await outline()).toBe('none');
  // Tab from the top of the page until the button has focus, as a keyboard user does.
  const focused = () => signIn.evaluate((button) => button === document.activeElement);
  for (let presses = 0; presses < 20 && !(await focused()); presses++) await page.keyboard.press('Tab');
  await expect(signIn).toBeFocused();
  expect(await outline()).toBe('solid');
  expect(await signIn.evaluate((button) => Number.parseFloat(getComputedStyle(button).outlineWidth))).toBeGreaterThan(
    0,
  );
  await cy.close();
});
