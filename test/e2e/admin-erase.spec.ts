import type { User } from '../../domain/records';
import { expect, test } from './support/deprovision-fixture';
import { openMember } from './support/member-pages';

// Replication and the live stream are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 150_000 });

test('Okta deactivates a contractor; the Owner permanently deletes their data and sees "Deleted user"', async ({
  deprovisionWorld: world,
  browser,
}, testInfo) => {
  const erin = await world.addCollaborator('erin');
  await world.sim.admin.deactivateUser(erin.oktaId);

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await openMember(page, 'Erin Contractor');
  const identity = page.getByRole('region', { name: 'Identity' });
  await expect(identity.getByTestId('member-inactive-note')).toContainText(
    'If Okta reactivates this user, they get no access back: owners must share again. They rejoin teams pushed from Okta only when Okta pushes the group membership again.',
    { timeout: SYNC_TIMEOUT },
  );

  const panel = page.getByRole('region', { name: 'Permanent deletion' });
  await panel.getByRole('button', { name: /^Permanently delete this user.s data/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Permanently delete Erin Contractor.s data\?$/ });
  await expect(dialog).toContainText('This cannot be undone.');
  const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox', { name: /^Type their e-mail/ });
  await typed.fill('someone@example.com');
  await expect(confirm).toBeDisabled();
  await typed.fill('erin@example.com');
  await page.screenshot({ path: testInfo.outputPath('erase-confirm.png'), fullPage: true });
  await confirm.click();

  // The tombstone comes back through replication: the same screen now shows a deleted user.
  await expect(page.getByRole('heading', { level: 2, name: 'Deleted user' })).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(identity.getByText('Deleted', { exact: true }).first()).toBeVisible();
  await expect(identity.getByTestId('member-erased-at')).not.toBeEmpty();
  await expect(page.getByText('erin@example.com')).toHaveCount(0);
  await expect(panel).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('erase-done.png'), fullPage: true });

  const [row] = await world.server.db.query<{ doc: User }>(
    "select doc from records where collection = 'users' and doc->>'erasedAt' is not null and id in (select record_id from audit_events where action = 'user.erase')",
  );
  expect(row?.doc).toMatchObject({ givenName: 'Deleted', externalId: null });
  const mentions = await world.server.db.query(
    "select 1 from records r where position('erin@example.com' in lower(r::text)) > 0 union all select 1 from audit_events a where position('erin@example.com' in lower(a::text)) > 0",
  );
  expect(mentions).toEqual([]);

  await page.getByRole('button', { name: '← All members' }).click();
  await expect(page.getByRole('button', { name: 'More about Deleted user' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'More about Erin Contractor' })).toHaveCount(0);
});
