import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { PEOPLE, SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { removeRecords } from '../../dev/stack/seed-records';
import type { AuditKind } from '../../domain/wire/audit';
import { KIND_LABELS } from '../../renderer/src/screens/audit/audit-text';
import { rotateScimToken } from '../../sync-server/scim/token';
import { ADMIN_EXTRAS, expect, test } from './support/admin-fixture';
import { chooseOption } from './support/combobox-choice';

// Replication and the live stream are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 120_000 });

const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};
const row = (page: Page, email: string) => page.locator(`tr[data-member="${email}"]`);

test('the progress of a long Okta sync, as the server reports it while the run lasts, moves on screen', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  const page = cy.page;
  await open(page, 'My Profile');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // What the Okta queue holds while a run lasts (sync-server/okta/outbox.ts), which
  // GET /api/v1/okta/status reports: a run under way that finished `done` accounts, and the
  // accounts still queued (due tomorrow, so this world's worker leaves them queued); the run's
  // total is the two together. Null: the queue is empty, no run.
  const setProgress = async (progress: { done: number; total: number } | null) => {
    const { db } = world.server;
    await db.query("delete from okta_outbox where account_id like 'e2e-progress-%'");
    if (progress === null) return;
    await db.query(
      "insert into okta_outbox (account_id, due_at) select 'e2e-progress-' || n, now() + interval '1 day' from generate_series(1, $1::int) as n",
      [progress.total - progress.done],
    );
    await db.query('update okta_sync_progress set running = true, started_at = now() where id = 1');
    await db.query('update okta_sync_done set done = case when slot = 0 then $1::int else 0 end', [progress.done]);
  };
  await setProgress({ done: 3, total: 10 });
  await expect(page.getByRole('status').filter({ hasText: 'synced with Okta' })).toHaveText(
    '3 of 10 accounts synced with Okta (30%)',
    { timeout: SYNC_TIMEOUT },
  );
  await expect(page.getByRole('progressbar')).toHaveAttribute('value', '3');
  await setProgress({ done: 7, total: 10 });
  await expect(page.getByRole('progressbar')).toHaveAttribute('value', '7', { timeout: SYNC_TIMEOUT });
  await page.screenshot({ path: testInfo.outputPath('my-profile-progress.png'), fullPage: true });
  await open(page, 'Workspace settings');
  await expect(page.getByRole('progressbar')).toHaveAttribute('max', '10');
  await setProgress(null);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: SYNC_TIMEOUT });
});

test('an admin sees every member with role, SCIM external ID and status, their details, and the teams', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  const page = cy.page;
  await open(page, 'All members');
  const members = page.getByRole('table', { name: 'Members' });
  await expect(row(page, 'dee@example.com')).toContainText('Deactivated', { timeout: SYNC_TIMEOUT });
  await expect(row(page, 'dee@example.com')).toContainText(ADMIN_EXTRAS.dee.oktaId);
  await expect(row(page, 'eve@example.com')).toContainText('None');
  await expect(row(page, 'eve@example.com')).toContainText('Active');
  await expect(row(page, 'ada@example.com')).toContainText(PEOPLE.ada.oktaId);
  await expect(row(page, 'ada@example.com')).toContainText('Owner');
  await expect(row(page, 'lou@example.com')).toContainText('Login-only');
  await page.screenshot({ path: testInfo.outputPath('all-members.png'), fullPage: true });

  await page.getByRole('combobox', { name: 'Status' }).selectOption('noExternalId');
  await expect(members.locator('tbody tr')).toHaveCount(1);
  await expect(row(page, 'eve@example.com')).toBeVisible();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('inactive');
  await expect(members.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('all');

  // The Name, Role and Status headers sort the table, each way in turn.
  const firstRow = members.locator('tbody tr[data-member]').first();
  const header = (name: string) => members.getByRole('columnheader', { name });
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  await header('Role').getByRole('button').click();
  await expect(header('Role')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Name')).toHaveAttribute('aria-sort', 'none');
  await expect(firstRow).toContainText('Login-only');
  await header('Role').getByRole('button').click();
  await expect(header('Role')).toHaveAttribute('aria-sort', 'descending');
  await expect(firstRow).toHaveAttribute('data-member', 'ada@example.com');
  await header('Status').getByRole('button').click();
  await expect(firstRow).toContainText('Active');
  await header('Status').getByRole('button').click();
  await expect(firstRow).not.toContainText('Active');
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');

  await page.getByRole('button', { name: 'More about Dee Dormant' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Dee Dormant' })).toBeVisible();
  await expect(page.getByTestId('member-external-id')).toHaveText(ADMIN_EXTRAS.dee.oktaId);
  await expect(page.getByText('Deactivated in Okta: this member has lost all access')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('member-details.png'), fullPage: true });

  await open(page, 'Teams');
  const support = page.getByRole('list', { name: 'Members of Support' });
  await expect(page.getByText(`Okta group ${ADMIN_EXTRAS.support.oktaGroupId}`)).toBeVisible();
  await expect(support).toContainText('Dee Dormant');
  await expect(support).toContainText('Deactivated');
  await expect(page.getByRole('list', { name: 'Members of Marketing' })).toContainText('Bob Builder');
  await page.screenshot({ path: testInfo.outputPath('teams.png'), fullPage: true });

  // A deactivation Okta sends over SCIM (RFC 7644 §3.5.2 PATCH active:false) shows up live.
  await open(page, 'All members');
  const { token } = await rotateScimToken(world.server.db, 'e2e');
  const patched = await fetch(`${world.serverUrl}/scim/v2/Users/${ADMIN_EXTRAS.eve.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    }),
  });
  expect(patched.status).toBe(200);
  await expect(row(page, 'eve@example.com')).toContainText('Deactivated', { timeout: SYNC_TIMEOUT });
});

test('the audit log shows SCIM events, Okta pushes, launches and refusals, and filters them', async ({
  adminWorld: world,
  browser,
}, testInfo) => {
  const { token } = await rotateScimToken(world.server.db, 'e2e');
  const created = await fetch(`${world.serverUrl}/scim/v2/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'fay@example.com',
      externalId: '00ufay00000000000009',
      name: { givenName: 'Fay', familyName: 'Fresh' },
      emails: [{ value: 'fay@example.com', primary: true }],
      active: true,
    }),
  });
  expect(created.status).toBe(201);
  // bob may launch (team Marketing collaborates); cy holds no role on the account and is refused.
  expect((await world.api('bob', 'POST', `/api/v1/launch/${SHARED_ACCOUNT.id}/authorize`)).status).toBe(200);
  expect((await world.api('cy', 'POST', `/api/v1/launch/${SHARED_ACCOUNT.id}/authorize`)).status).toBe(403);
  // An Okta push: the owner extends the account, the reconciler creates its Okta app.
  expect((await world.api('ada', 'POST', `/api/v1/accounts/${SHARED_ACCOUNT.id}/extend`)).status).toBe(202);
  // ada shares the account with team Support, then the share is removed again: the log names
  // item, team and role, also once the share is gone from every replica.
  const share = {
    id: 'sh-audit-support',
    itemType: 'account',
    itemId: SHARED_ACCOUNT.id,
    granteeType: 'team',
    granteeId: ADMIN_EXTRAS.support.id,
    role: 'collaborator',
    updatedAt: new Date().toISOString(),
  };
  const shared = await world.api('ada', 'POST', '/api/v1/replication/shares/push', [
    { newDocumentState: { ...share, _deleted: false }, assumedMasterState: null },
  ]);
  expect(shared).toEqual({ status: 200, body: { conflicts: [] } });
  await removeRecords(world.server, 'shares', [share.id]);

  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  await open(page, 'Audit log');
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events.locator('tbody tr').first()).toBeVisible();
  const sharedSentence = `Ada Lovelace shared ${SHARED_ACCOUNT.name} with team Support as Collaborator.`;
  await expect(events.getByRole('cell', { name: sharedSentence, exact: true })).toBeVisible({
    timeout: SYNC_TIMEOUT,
  });
  await expect(
    events.getByRole('cell', { name: `Latchkey removed the access of team Support to ${SHARED_ACCOUNT.name}.` }),
  ).toBeVisible();
  await expect(events).not.toContainText('sh-audit-support');
  // The sentences wrap: the table fits its frame and the page does not scroll sideways.
  const fits = await page
    .locator('.adm-table-wrap')
    .evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth && document.body.scrollWidth <= window.innerWidth);
  expect(fits).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('audit-log.png'), fullPage: true });

  await page.getByRole('combobox', { name: 'Kind' }).selectOption('scim');
  await expect(events.locator('tr[data-kind="scim"]').first()).toContainText('Okta (SCIM)');
  await expect(events.locator('tbody tr[data-kind]:not([data-kind="scim"])')).toHaveCount(0);
  await expect(events).toContainText('Fay Fresh');

  await page.getByRole('combobox', { name: 'Kind' }).selectOption('okta');
  await expect(events.locator('tbody tr[data-kind]:not([data-kind="okta"])')).toHaveCount(0);
  await expect(events).toContainText(`Ada Lovelace extended ${SHARED_ACCOUNT.name} to Okta.`);
  // The reconciler's own write lands when Okta answered: refresh until it is listed (bounded).
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(
      events
        .getByRole('cell', { name: `Okta sync brought the Okta app of ${SHARED_ACCOUNT.name} up to date.` })
        .first(),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: SYNC_TIMEOUT });

  await page.getByRole('combobox', { name: 'Kind' }).selectOption('refusal');
  await expect(events.locator('tbody tr')).toHaveCount(1);
  await expect(events.locator('tbody tr')).toContainText(
    `Cy Young was refused a login to ${SHARED_ACCOUNT.name} because they have no access to this account.`,
  );
  await page.screenshot({ path: testInfo.outputPath('audit-log-refusals.png'), fullPage: true });

  await page.getByRole('combobox', { name: 'Kind' }).selectOption('launch');
  await chooseOption(page, 'Person', 'cy', 'Cy Young');
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await chooseOption(page, 'Person', 'bob', 'Bob Builder');
  await expect(events.locator('tbody tr')).toHaveCount(1);
  await expect(events.locator('tbody tr')).toContainText(
    `Bob Builder logged in to ${SHARED_ACCOUNT.name} from an Okta chiclet.`,
  );

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('combobox', { name: 'Kind' })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Person' })).toHaveValue('');
  await expect(events.locator('tr[data-kind="launch"]')).toHaveCount(1);
  await expect(events.locator('tr[data-kind="refusal"]')).toHaveCount(1);

  // The When and Kind headers sort the loaded events; When is newest first to begin with.
  const header = (name: string) => events.getByRole('columnheader', { name });
  await expect(header('When')).toHaveAttribute('aria-sort', 'descending');
  const kindsShown = async () =>
    (
      await events
        .locator('tbody tr[data-kind]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind') ?? ''))
    ).map((kind) => KIND_LABELS[kind as AuditKind]);
  const byLabel = (labels: string[]) => [...labels].sort((a, b) => a.localeCompare(b, 'en'));
  // Only a screenful of rows is rendered: check their order and which kind comes first.
  const before = byLabel(await kindsShown());
  await header('Kind').getByRole('button').click();
  await expect(header('Kind')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('When')).toHaveAttribute('aria-sort', 'none');
  const ascending = await kindsShown();
  expect(ascending).toEqual(byLabel(ascending));
  expect(ascending[0]?.localeCompare(before[0] ?? '', 'en')).toBeLessThanOrEqual(0);
  await header('Kind').getByRole('button').click();
  await expect(header('Kind')).toHaveAttribute('aria-sort', 'descending');
  const descending = await kindsShown();
  expect(descending).toEqual(byLabel(descending).reverse());
  expect(descending[0]?.localeCompare(before.at(-1) ?? '', 'en')).toBeGreaterThanOrEqual(0);

  // The CSV export (RFC 4180): every event matching the filters, a sentence per row.
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('change');
  await expect(events.locator('tbody tr[data-kind]:not([data-kind="change"])')).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^latchkey-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('Time (UTC),Actor,Event,Action');
  const shareRow = lines.find((line) => line.endsWith(`,Ada Lovelace,${sharedSentence},item.share`));
  expect(shareRow).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z,/);
  expect(csv).not.toContain('Okta (SCIM)');
  expect(csv).not.toContain('account.launch');
});
