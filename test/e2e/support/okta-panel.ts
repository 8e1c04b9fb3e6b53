/**
 * The account details' Okta panel, as the troubleshooting tests drive it: "Sync account
 * manually" from More options, the dialog that says Okta's changes are overwritten, the answer.
 */
import { expect, type Page } from '@playwright/test';

export async function syncAccountManually(page: Page, timeout: number): Promise<void> {
  await page.getByRole('button', { name: 'More options' }).click();
  await page.getByRole('menuitem', { name: 'Sync account manually' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sync account manually?' });
  await expect(dialog).toContainText('overwriting changes made in Okta');
  await dialog.getByRole('button', { name: 'Sync account' }).click();
  await expect(page.locator('.okta-panel [role="status"]')).toHaveText('The account is synced with Okta.', {
    timeout,
  });
}
