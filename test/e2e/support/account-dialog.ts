import type { Page } from '@playwright/test';

export interface NewAccountFields {
  name: string;
  appName: string;
  loginUrl: string;
  username: string;
  password: string;
  totpSecret?: string;
  labels?: string;
}

/**
 * Fills and submits the New account dialog as a user does. `beforeCreate` runs with the dialog
 * filled in (a screenshot for the README, say).
 */
export async function createAccountInDialog(
  page: Page,
  fields: NewAccountFields,
  beforeCreate?: () => Promise<unknown>,
): Promise<void> {
  await page.getByRole('button', { name: 'New account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.getByLabel('Name', { exact: true }).fill(fields.name);
  await dialog.getByLabel('App name').fill(fields.appName);
  await dialog.getByLabel('Login URL').fill(fields.loginUrl);
  await dialog.getByLabel('Username').fill(fields.username);
  await dialog.getByLabel('Password', { exact: true }).fill(fields.password);
  if (fields.totpSecret !== undefined)
    await dialog.getByLabel('TOTP secret (Base32, optional)').fill(fields.totpSecret);
  if (fields.labels !== undefined) await dialog.getByLabel('Labels (comma-separated)').fill(fields.labels);
  await beforeCreate?.();
  await dialog.getByRole('button', { name: 'Create account' }).click();
}
