import type { Page } from '@playwright/test';
import { SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { expect, test } from './support/desktop-fixture';
import { catchHandOff, type LaunchWorld, signInDesktop, signInToOkta, startLaunchWorld } from './support/launch-world';

// Auto-lock in the browser host: main locks, the page shows only the lock screen with nothing of
// the replica in it, and Okta asking for the password again is the way back to the accounts.
test.describe.configure({ timeout: 90_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const lockHeading = (page: Page) => page.getByRole('heading', { level: 2, name: 'Latchkey is locked' });

async function expectOnlyTheLockScreen(page: Page): Promise<void> {
  await expect(lockHeading(page)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Unlock with Okta' })).toBeEnabled();
  await expect(page.getByRole('list', { name: 'Accounts' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(SHARED_ACCOUNT.password);
  expect(html).not.toContain(SHARED_ACCOUNT.name);
}

test('Ctrl+L locks: only the lock screen, no secret in the page; Okta re-authentication brings the accounts back', async ({
  world,
  browser,
}, testInfo) => {
  const bob = await world.openClient(browser, 'bob');
  const { page } = bob;
  await bob.signIn();
  await card(page, SHARED_ACCOUNT.name).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(SHARED_ACCOUNT.password);

  await page.keyboard.press('Control+L');
  await expectOnlyTheLockScreen(page);
  await expect(page.getByText('You locked Latchkey.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('locked.png') });

  await page.getByRole('button', { name: 'Unlock with Okta' }).click();
  // Back on the accounts list (not the account left open), read again from the replica on disk.
  await expect(card(page, SHARED_ACCOUNT.name)).toBeVisible({ timeout: 30_000 });
  await expect(lockHeading(page)).toHaveCount(0);
  await card(page, SHARED_ACCOUNT.name).click();
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(SHARED_ACCOUNT.password);
  await bob.close();
});

test('locks by itself after the idle time', async ({ world, browser }) => {
  const bob = await world.openClient(browser, 'bob', { lockAfterMs: 3_000 });
  const { page } = bob;
  await page.getByRole('button', { name: 'Sign in with Okta' }).click();

  await expectOnlyTheLockScreen(page);
  await expect(page.getByText('Latchkey locked itself after a while without activity.')).toBeVisible();
  // A reload finds the lock in main, not in the page: still only the lock screen.
  await page.reload();
  await expectOnlyTheLockScreen(page);
  await bob.close();
});

test('a chiclet clicked while the app is locked asks Okta for the password first, then logs in', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  let world: LaunchWorld | undefined;
  try {
    world = await startLaunchWorld(browser);
    const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
    await expect(app.getByText('Brand Instagram').first()).toBeVisible({ timeout: 30_000 });
    await app.keyboard.press('Control+L');
    await expect(lockHeading(app)).toBeVisible({ timeout: 20_000 });

    const myApps = await world.context.newPage();
    await myApps.goto(world.demo.urls.myApps);
    const handOff = catchHandOff(myApps);
    await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).click();
    const link = await handOff;
    // Okta's session is alive (My Apps just used it), yet the unlock shows its sign-in form.
    const unlockTab = world.context.waitForEvent('page');
    const launched = world.desktop.openDeepLink(link);
    const tab = await unlockTab;
    await expect(tab.getByLabel('Username')).toBeVisible({ timeout: 30_000 });
    expect(world.windows).toHaveLength(0);
    await signInToOkta(tab, 'maya.marketing@latchkey.test');
    await launched;

    await expect(lockHeading(app)).toHaveCount(0, { timeout: 30_000 });
    await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
    await expect(world.windows[0]?.page.locator('#who') ?? app.locator('#never')).toHaveText(
      'Logged in as Contentzilla Brand',
    );
  } finally {
    await world?.close();
  }
});
