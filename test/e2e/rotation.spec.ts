import type { Page } from '@playwright/test';
import type { Account } from '../../domain/records';
import { chooseOption } from './support/combobox-choice';
import { expect, test } from './support/deprovision-fixture';
import { openMachine } from './support/restartable-desktop';

// Okta deactivates a collaborator: their chiclet leaves Okta, their open app wipes itself (the
// wipe has its own tests in desktop-wipe.spec.ts), and every account they could use
// waits for a new password. The Owner is told at start, filters to those accounts, reads who left
// on the account's banner, generates a new password, and the mark clears — the audit log shows the
// mark (Okta over SCIM) and the rotation (the Owner).
const SYNC_TIMEOUT = 45_000;
test.describe.configure({ timeout: 150_000 });

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};

test('a collaborator leaves: their chiclet goes, the Owner rotates the password with the generator, and the audit log shows both', async ({
  deprovisionWorld: world,
  browser,
}, testInfo) => {
  const kit = await world.addCollaborator('kit');
  const kitsName = `${kit.login[0]?.toUpperCase()}${kit.login.slice(1)} Contractor`;
  const accountRow = async () =>
    (
      await world.server.db.query<{ doc: Account }>(
        "select doc from records where collection = 'accounts' and id = $1",
        [kit.account.id],
      )
    )[0]?.doc;

  // Extended to Okta, so Kit has a chiclet for it in My Apps.
  const stored = await accountRow();
  if (!stored) throw new Error('the collaborator’s account was not seeded');
  await world.server.db.transaction((tx) =>
    world.server.repo.put(tx, 'accounts', { ...stored, extensionState: 'pending' }, { type: 'system', name: 'e2e' }),
  );
  // The account's bookmark app among Kit's apps (Latchkey itself stays assigned: Okta deprovisions
  // the person, it does not unassign the app).
  const kitsChiclets = () =>
    world.sim.directory
      .appsFor(kit.oktaId)
      .map((app) => app.label)
      .filter((label) => label.includes(kit.account.name));
  await expect.poll(kitsChiclets, { timeout: SYNC_TIMEOUT }).toHaveLength(1);

  // Kit's own app is open with the account on screen when Okta deactivates them.
  const kitsMachine = await openMachine(browser, world, kit.login);
  try {
    const kitsApp = await kitsMachine.start();
    await kitsApp.page.getByRole('button', { name: 'Sign in with Okta' }).click();
    await expect(card(kitsApp.page, kit.account.name)).toBeVisible({ timeout: SYNC_TIMEOUT });

    await world.sim.admin.deactivateUser(kit.oktaId);
    await expect.poll(kitsChiclets, { timeout: SYNC_TIMEOUT }).toEqual([]);
    await expect(kitsApp.page.getByTestId('signed-out-notice')).toContainText(
      'Local data was removed from this device',
      {
        timeout: SYNC_TIMEOUT,
      },
    );
    await expect(card(kitsApp.page, kit.account.name)).toHaveCount(0);
  } finally {
    await kitsMachine.close();
  }
  expect(await accountRow()).toMatchObject({ rotationRequired: true });

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;

  // At start: how many accounts Ada can fix; following the notice shows only those.
  const notice = page.getByRole('button', { name: /accounts? needs? a new password$/ });
  await expect(notice).toBeVisible({ timeout: SYNC_TIMEOUT });
  await notice.click();
  await expect(notice).toHaveCount(0);
  const filter = page.getByRole('button', { name: /^Needs rotation \(\d+\)$/ });
  await expect(filter).toHaveAttribute('aria-pressed', 'true');
  const waiting = Number(/\((\d+)\)/.exec((await filter.textContent()) ?? '')?.[1]);
  expect(waiting).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).toHaveCount(waiting);
  await page.screenshot({ path: testInfo.outputPath('needs-rotation.png'), fullPage: true });

  await card(page, kit.account.name).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Password rotation required' });
  await expect(banner).toContainText(
    new RegExp(
      `Password rotation required: ${kitsName} left the workspace on .+\\. Change the password to clear this\\.`,
    ),
  );
  await page.screenshot({ path: testInfo.outputPath('rotation-banner.png'), fullPage: true });

  await banner.getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${kit.account.name}` });
  const password = dialog.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await dialog.getByRole('button', { name: 'Generate' }).click();
  await expect(password).not.toHaveValue(kit.account.password);
  const generated = await password.inputValue();
  expect(generated).toHaveLength(20);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toHaveCount(0);

  // The server clears the mark with the new password; the replica shows it.
  await expect(banner).toHaveCount(0, { timeout: SYNC_TIMEOUT });
  await expect.poll(async () => (await accountRow())?.rotationRequired, { timeout: SYNC_TIMEOUT }).toBe(false);
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(generated);

  await open(page, 'Audit log');
  await chooseOption(page, 'Account', kit.account.name.slice(0, 4), kit.account.name);
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(
    events.getByRole('cell', { name: `Okta (SCIM) required a password rotation of ${kit.account.name}.` }),
  ).toHaveCount(1);
  await expect(
    events.getByRole('cell', {
      name: `Ada Lovelace rotated the password of ${kit.account.name} (rotation no longer required).`,
    }),
  ).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('rotation-audit.png'), fullPage: true });
});
