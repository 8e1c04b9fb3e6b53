/**
 * Choosing in one of the app's type-ahead comboboxes (Share with, the audit log's Person and
 * Account) as a person does with the pointer: type part of the name, click the option.
 * (large-workspace.spec.ts chooses with the keyboard.)
 */
import { expect, type Page } from '@playwright/test';

export async function chooseOption(page: Page, label: string, typed: string, option: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: label });
  await picker.fill(typed);
  await page.getByRole('listbox', { name: label }).getByRole('option', { name: option, exact: true }).click();
  await expect(picker).toHaveValue(option);
}

export const chooseGrantee = (page: Page, typed: string, option: string) =>
  chooseOption(page, 'Share with', typed, option);
