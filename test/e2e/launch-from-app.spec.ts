/**
 * "Log in" inside the app: the same launch as an Okta chiclet (server authorisation, isolated
 * login window, autofill), started from the account list or details with `launch:open`, so it
 * never asks to confirm. Each test starts its own demo (database, workspace, accounts).
 */
import { expect, type Page, test } from '@playwright/test';
import type { User } from '../../domain/records';
import { type LaunchWorld, signInDesktop, startLaunchWorld } from './support/launch-world';

test.setTimeout(180_000);
let world: LaunchWorld | undefined;
test.afterEach(async () => {
  await world?.close();
  world = undefined;
});

const accounts = (app: Page) => app.getByRole('list', { name: 'Accounts' });
const loginWindowWho = (w: LaunchWorld, app: Page) => w.windows[0]?.page.locator('#who') ?? app.locator('#never');

test('a collaborator clicks Log in on an account and lands logged in to the demo app, TOTP passed', async ({
  browser,
}) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  const logIn = accounts(app).getByRole('button', { name: 'Log in to Brand Instagram' });
  await expect(logIn).toBeEnabled({ timeout: 30_000 });
  await logIn.click();

  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  // Started from the app itself: no "did you mean to?" question on the way.
  await expect(app.getByRole('button', { name: 'Log in', exact: true })).toHaveCount(0);
  await expect(loginWindowWho(world, app)).toHaveText('Logged in as Contentzilla Brand');
  const stored = await world.demo.server.repo.get(world.demo.server.db, 'credentials', world.demo.accountIds.brand);
  expect(stored?.password).toBeTruthy();
  await expect(app.locator('body')).not.toContainText(stored?.password ?? '');
});

test('Enter on the selected account in the list logs in', async ({ browser }) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  // Until her team's share has synced the app cannot tell she may log in; then the row offers it.
  await expect(accounts(app).getByRole('button', { name: 'Log in to Brand Instagram' })).toBeEnabled({
    timeout: 30_000,
  });
  const card = accounts(app).getByRole('button', { name: /^Brand Instagram/ });
  await card.focus();
  await app.keyboard.press('Enter');

  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  await expect(loginWindowWho(world, app)).toHaveText('Logged in as Contentzilla Brand');
  // Enter launched rather than opening the details page.
  await expect(app.getByRole('heading', { name: 'Accounts' })).toBeVisible();
});

test('a Super Admin who sees an account only through their All-Access Mode gets no Log in, and is told why', async ({
  browser,
}) => {
  world = await startLaunchWorld(browser);
  const { server } = world.demo;
  // Adam is made a Super Admin with his own All-Access Mode on (the mode's own journey is in
  // all-access-mode.spec.ts); here only what it does not give matters.
  await server.db.transaction(async (tx) => {
    const [row] = await tx.query<{ doc: User }>(
      "select doc from records where collection = 'users' and doc->>'userName' = 'adam.admin@latchkey.test'",
    );
    if (!row) throw new Error('the demo seeded no Adam');
    const adam = { ...row.doc, role: 'superAdmin' as const, allAccess: true };
    await server.repo.put(tx, 'users', adam, { type: 'system', name: 'e2e' });
  });
  const app = await signInDesktop(world, 'adam.admin@latchkey.test');
  await expect(app.getByRole('status', { name: 'All-Access Mode' })).toContainText('All-Access Mode is on', {
    timeout: 30_000,
  });
  // Adam owns Support desk, and sees Brand Instagram only through his All-Access Mode.
  await expect(accounts(app).getByRole('button', { name: 'Log in to Support desk' })).toBeEnabled({
    timeout: 30_000,
  });
  const brandCard = accounts(app).getByRole('button', { name: /^Brand Instagram/ });
  await expect(brandCard).toContainText('No role');
  await expect(accounts(app).getByRole('button', { name: 'Log in to Brand Instagram' })).toHaveCount(0);

  // Enter on it opens nothing but the details, where Log in is disabled with the policy's reason.
  await brandCard.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Brand Instagram' })).toBeVisible();
  const logIn = app.getByRole('button', { name: 'Log in to Brand Instagram' });
  await expect(logIn).toBeDisabled();
  await expect(logIn).toHaveAccessibleDescription(
    'You do not have access to this account. Ask someone who owns it to share it with you.',
  );
  expect(world.windows).toHaveLength(0);
});
