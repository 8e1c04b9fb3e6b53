/**
 * The chiclet journey end to end: a collaborator clicks the chiclet in My Apps and ends on the demo app's
 * "Logged in as" page, having passed its TOTP step — with the desktop signed in, and after
 * signing out of it first (the launch then runs the OIDC sign-in, which Okta's SSO completes).
 */
import { expect, test } from '@playwright/test';
import { catchHandOff, type LaunchWorld, signInDesktop, signInToOkta, startLaunchWorld } from './support/launch-world';

test.setTimeout(180_000);
let world: LaunchWorld | undefined;
test.afterEach(async () => {
  await world?.close();
  world = undefined;
});

test('a collaborator clicks the chiclet and lands logged in to the demo app (active session)', async ({ browser }) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  await expect(app.getByText('Brand Instagram').first()).toBeVisible({ timeout: 30_000 });

  const myApps = await world.context.newPage();
  await myApps.goto(world.demo.urls.myApps);
  const handOff = catchHandOff(myApps);
  await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).click();
  const link = await handOff;
  // The chiclet page's one-time nonce rides along, so the desktop does not ask to confirm.
  expect(link).toMatch(new RegExp(`^latchkey://launch/${world.demo.accountIds.brand}\\?n=[A-Za-z0-9_-]{43}$`));
  await world.desktop.openDeepLink(link);

  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByRole('button', { name: 'Log in', exact: true })).toHaveCount(0);
  const [loginWindow] = world.windows;
  await expect(loginWindow?.page.locator('#who') ?? app.locator('#never')).toHaveText(
    'Logged in as Contentzilla Brand',
  );
});

test('after signing out of the desktop, the chiclet signs in again through Okta’s SSO and logs in', async ({
  browser,
}) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  await expect(app.getByText('Brand Instagram').first()).toBeVisible({ timeout: 30_000 });
  await app.getByRole('button', { name: 'Sign out' }).click();
  await expect(app.getByRole('button', { name: 'Sign in with Okta' })).toBeVisible({ timeout: 30_000 });

  // Signing out of Latchkey also ends the Okta session (its end-session page runs in the browser):
  // once it has, My Apps asks for the password again.
  const myApps = await world.context.newPage();
  await expect(async () => {
    await myApps.goto(world?.demo.urls.myApps ?? '');
    await expect(myApps.getByLabel('Username')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await signInToOkta(myApps, 'maya.marketing@latchkey.test');
  const handOff = catchHandOff(myApps);
  await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).click();
  const tabsBefore = world.systemTabs.length;
  await world.desktop.openDeepLink(await handOff);

  // The launch ran the OIDC sign-in in the browser, and Okta's session answered it without a form.
  expect(world.systemTabs.length).toBe(tabsBefore + 1);
  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  await expect(world.windows[0]?.page.locator('#who') ?? app.locator('#never')).toHaveText(
    'Logged in as Contentzilla Brand',
  );
});

test('a latchkey:// link that did not come through the chiclet asks first, and logs in only after “Log in”', async ({
  browser,
}) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  await expect(app.getByText('Brand Instagram').first()).toBeVisible({ timeout: 30_000 });

  // What a web page or a local program can send: the bare link, no nonce from the chiclet page.
  await world.desktop.openDeepLink(`latchkey://launch/${world.demo.accountIds.brand}`);
  await expect(app.getByText('Log in to Brand Instagram – Contentzilla?')).toBeVisible({ timeout: 30_000 });
  expect(world.windows).toHaveLength(0);
  await app.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  await expect(world.windows[0]?.page.locator('#who') ?? app.locator('#never')).toHaveText(
    'Logged in as Contentzilla Brand',
  );
});
