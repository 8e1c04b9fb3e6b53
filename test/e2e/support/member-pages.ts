/**
 * Finding one's way to a member in the admin screens, as a person does: the sidebar, All members,
 * the member's "More about" button. The member list fills through replication, so the click waits
 * (bounded) for the member to appear.
 */
import { expect, type Locator, type Page } from '@playwright/test';

const MEMBER_APPEARS_MS = 30_000;

export const sidebar = (page: Page): Locator => page.getByRole('navigation', { name: 'Screens' });

/** All members → the member's details, whose heading is their name. */
export async function openMember(page: Page, name: string): Promise<void> {
  await sidebar(page).getByRole('button', { name: 'All members', exact: true }).click();
  await page.getByRole('button', { name: `More about ${name}` }).click({ timeout: MEMBER_APPEARS_MS });
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

/** Picks a workspace role in the open member's Role panel (without saving it). */
export async function chooseRole(page: Page, label: string): Promise<void> {
  await page
    .getByRole('region', { name: 'Role' })
    .getByRole('combobox', { name: 'Workspace role' })
    .selectOption({ label });
}
