/**
 * Choosing whom to share with in the Sharing panel's combobox, as a person does with the pointer:
 * type part of the name, click the option. (large-workspace.spec.ts chooses with the keyboard.)
 */
import { expect, type Page } from '@playwright/test';

export async function chooseGrantee(page: Page, typed: string, option: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Share with' });
  await picker.fill(typed);
  await page.getByRole('listbox', { name: 'Share with' }).getByRole('option', { name: option, exact: true }).click();
  await expect(picker).toHaveValue(option);
}
