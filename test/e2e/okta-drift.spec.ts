/**
 * The "drift overwritten" troubleshooting case through the UI: an Okta admin assigns a group to
 * an extended account's app in Okta, so a member Latchkey never shared the account with gets its
 * chiclet; the account's Owner presses "Sync account manually", the group is gone from the app
 * (and the chiclet from that member's dashboard), and the audit log says what was overwritten.
 */
import { expect, type Page } from '@playwright/test';
import { type DesktopWorld, PEOPLE, SHARED_ACCOUNT } from '../../dev/stack/desktop-world';
import { test } from './support/desktop-fixture';
import { syncAccountManually } from './support/okta-panel';

// Replication and the Okta reconciler are asynchronous: waits are on what people see, bounded.
const SYNC_TIMEOUT = 30_000;
test.describe.configure({ timeout: 150_000 });

const CHICLET = `${SHARED_ACCOUNT.name} - Instagram`;

const open = async (page: Page, screen: string) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeVisible();
};

/** What an Okta admin does in Okta's Management API, with the org's API token. */
async function inOkta(world: DesktopWorld, method: string, apiPath: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${world.sim.url}${apiPath}`, {
    method,
    headers: {
      authorization: `SSWS ${world.sim.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.ok, `${method} ${apiPath}`).toBe(true);
  const text = await res.text();
  return text === '' ? null : JSON.parse(text);
}

function appOf(world: DesktopWorld) {
  const url = `${world.serverUrl}/launch/${SHARED_ACCOUNT.id}`;
  return [...world.sim.directory.apps.values()].find((a) => a.url === url && a.status === 'ACTIVE');
}

test('drift overwritten: a group an Okta admin assigned is removed by "Sync account manually", and the audit log says so', async ({
  world,
  browser,
}, testInfo) => {
  const ada = await world.openClient(browser, 'ada');
  await ada.signIn();
  const page = ada.page;
  const token = await world.sim.issueAccessToken(PEOPLE.ada.oktaId);
  const extend = await fetch(`${world.serverUrl}/api/v1/accounts/${SHARED_ACCOUNT.id}/extend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(extend.status).toBe(202);
  await expect.poll(() => appOf(world)?.users.has(PEOPLE.bob.oktaId) === true, { timeout: SYNC_TIMEOUT }).toBe(true);

  // In Okta: a Contractors group with Cy, assigned to the account's app. Latchkey never shared it with Cy.
  const app = appOf(world);
  if (app === undefined) throw new Error('no Okta app for the shared account');
  const group = (await inOkta(world, 'POST', '/api/v1/groups', { profile: { name: 'Contractors' } })) as { id: string };
  await inOkta(world, 'PUT', `/api/v1/groups/${group.id}/users/${PEOPLE.cy.oktaId}`);
  await inOkta(world, 'PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {});
  const cy = await world.openClient(browser, 'cy');
  await cy.signIn();
  const dashboard = await cy.context.newPage();
  await dashboard.goto(`${world.sim.url}/app/UserHome`);
  await expect(dashboard.getByRole('link', { name: CHICLET })).toBeVisible();

  await page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: new RegExp(`^${SHARED_ACCOUNT.name}`) })
    .click();
  await expect(page.locator('.okta-panel [data-extension-state]')).toHaveText('Synced', { timeout: SYNC_TIMEOUT });
  await syncAccountManually(page, SYNC_TIMEOUT);

  // Okta holds what Latchkey decided: no group on the app, no chiclet for Cy, Bob keeps his.
  await expect.poll(() => appOf(world)?.groups.size, { timeout: SYNC_TIMEOUT }).toBe(0);
  expect(appOf(world)?.users.has(PEOPLE.bob.oktaId)).toBe(true);
  await dashboard.reload();
  await expect(dashboard.getByRole('heading', { name: 'My Apps' })).toBeVisible();
  await expect(dashboard.getByRole('link', { name: CHICLET })).toHaveCount(0);

  await open(page, 'Audit log');
  await expect(
    page.getByText(`Okta drift overwritten: group “Contractors” unassigned from app “${CHICLET}”`),
  ).toBeVisible({ timeout: SYNC_TIMEOUT });
  await page.screenshot({ path: testInfo.outputPath('drift-overwritten-audit.png'), fullPage: true });

  // The scheduled sweep does the same without anyone pressing a button; its panel says when.
  await open(page, 'Workspace settings');
  const sweep = page.getByRole('region', { name: 'Okta drift sweep' });
  await expect(sweep).toContainText('Every 6 hours');
  await expect(sweep).toContainText('None yet');
});
