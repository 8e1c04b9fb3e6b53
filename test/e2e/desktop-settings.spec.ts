import type { Page } from '@playwright/test';
import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/desktop-fixture';

// Settings: a new install is set up from the sign-in screen, wrong values are refused beside their
// field, and the timeouts change what the app does at once; the environment's values are shown
// as such and cannot be edited; a new server signs the person out first.
test.describe.configure({ timeout: 120_000 });

const SYNC_TIMEOUT = 30_000;
const nav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const settingsHeading = (page: Page) => page.getByRole('heading', { level: 2, name: 'Settings', exact: true });
const saved = (page: Page) => page.getByRole('status').filter({ hasText: 'Settings saved.' });

async function openSettings(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(settingsHeading(page)).toBeFocused();
}

test('a new install: set up in Settings from the sign-in screen, then the timeouts take effect at once', async ({
  world,
  browser,
}) => {
  const bob = await world.openClient(browser, 'bob', { unconfigured: true });
  const { page } = bob;
  await bob.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });

  // Not configured: the sign-in screen leads to Settings instead of offering a sign-in that cannot work.
  await expect(page.getByText('Latchkey is not set up on this device yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Okta' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Open Settings' }).click();
  await expect(settingsHeading(page)).toBeFocused();

  // Plain http to another machine is refused beside the field, and nothing is saved.
  const server = page.getByLabel('Sync server URL');
  await server.fill('http://latchkey.acme.example');
  await page.getByLabel('Okta issuer').fill(world.sim.issuer);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Some settings are not valid' })).toBeVisible();
  await expect(server).toHaveAttribute('aria-invalid', 'true');
  await expect(server).toHaveAccessibleDescription(
    /The sync server URL must use https \(plain http only to 127\.0\.0\.1 or localhost\)/,
  );

  // The real server (on this machine, so http is allowed): saved, and sign-in works.
  await server.fill(bob.syncServerUrl);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saved(page)).toBeVisible();
  await expect(server).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await bob.signIn();
  await expect(card(page, SHARED_ACCOUNT.name)).toBeVisible({ timeout: SYNC_TIMEOUT });

  // The clipboard timeout: the next copy counts down from the new value.
  await openSettings(page);
  await expect(page.getByLabel('Clear copied secrets after (seconds)')).toHaveValue('30');
  await page.getByLabel('Clear copied secrets after (seconds)').fill('45');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saved(page)).toBeVisible();
  await nav(page).getByRole('button', { name: 'Accounts', exact: true }).click();
  await card(page, SHARED_ACCOUNT.name).click();
  await page.getByRole('button', { name: 'Copy password' }).click();
  await expect(page.getByRole('status', { name: 'Clipboard' })).toHaveText(
    /^Password of Brand Instagram copied — clears in (45|44|43) s$/,
  );

  // The lock timeout: three seconds without activity now lock the app, with no restart.
  await openSettings(page);
  await page.getByLabel('Lock after (minutes without activity)').fill('0.05');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Latchkey is locked' })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await expect(page.getByText('Latchkey locked itself after a while without activity.')).toBeVisible();
  await bob.close();
});

test('a new sync server while signed in signs out first and removes the local data', async ({ world, browser }) => {
  const bob = await world.openClient(browser, 'bob', { unconfigured: true });
  const { page } = bob;
  await page.getByRole('button', { name: 'Open Settings' }).click();
  await page.getByLabel('Sync server URL').fill(bob.syncServerUrl);
  await page.getByLabel('Okta issuer').fill(world.sim.issuer);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saved(page)).toBeVisible();
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await bob.signIn();
  await expect(card(page, SHARED_ACCOUNT.name)).toBeVisible({ timeout: SYNC_TIMEOUT });

  await openSettings(page);
  await expect(page.getByText('Changing the server or Okta signs you out first')).toBeVisible();
  await page.getByLabel('Sync server URL').fill('https://latchkey.other.example');
  await page.getByRole('button', { name: 'Save and sign out' }).click();
  await expect(page.getByText('Signed out. Local data was removed from this device.')).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Open Settings' }).click();
  await expect(page.getByLabel('Sync server URL')).toHaveValue('https://latchkey.other.example');
  await bob.close();
});

test('values from LATCHKEY_* environment variables are shown as such and cannot be edited', async ({
  world,
  browser,
}) => {
  const cy = await world.openClient(browser, 'cy');
  const { page } = cy;
  await page.getByRole('button', { name: 'Open Settings' }).click();
  const server = page.getByLabel('Sync server URL');
  await expect(server).toHaveValue(cy.syncServerUrl);
  await expect(server).not.toBeEditable();
  await expect(server).toHaveAccessibleDescription(
    'Set by the environment variable LATCHKEY_SYNC_SERVER_URL (a development override): change it there.',
  );
  await expect(page.getByLabel('Okta issuer')).not.toBeEditable();
  await expect(page.getByLabel('Okta client id')).not.toBeEditable();
  // No variable sets the timeouts here: the file (or the default) does, and they stay editable.
  await expect(page.getByLabel('Lock after (minutes without activity)')).toBeEditable();
  await expect(page.getByLabel('Lock after (minutes without activity)')).toHaveValue('10');

  // Reset puts back the values in force.
  await page.getByLabel('Lock after (minutes without activity)').fill('25');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByLabel('Lock after (minutes without activity)')).toHaveValue('10');
  await cy.close();
});
