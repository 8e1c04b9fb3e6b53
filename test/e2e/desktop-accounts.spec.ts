import { expect, test } from './support/desktop-fixture';
import { SHARED_ACCOUNT } from './support/desktop-world';

test('signs in through Okta and lists the accounts shared with you, with your role', async ({ world, browser }, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const card = ada.page.getByRole('button', { name: new RegExp(SHARED_ACCOUNT.name) });
  await expect(card).toContainText('Owner');
  await expect(card).toContainText('Instagram');
  await expect(ada.page.locator('[data-sync-state="online"]')).toBeVisible();
  await ada.page.screenshot({ path: testInfo.outputPath('accounts.png') });
});
