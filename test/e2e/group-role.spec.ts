/**
 * Role from an Okta group, as an Owner does it: Okta pushes the Support group, the Owner maps it
 * to Admin in the Teams screen, and its member shows the group's role over the one set by hand;
 * someone Okta adds to the group afterwards gets it too, and loses it when Okta removes them.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { cleanEnv, type RunningCli, run, start } from '../../dev/stack/cli-process';
import { type DesktopClient, openClient, PASSWORD, PEOPLE, type Person } from '../../dev/stack/desktop-world';
import { createTestDatabase, type TestDatabase } from '../../dev/stack/postgres';
import { sharedPrivateKeyring } from '../../dev/stack/private-keyring';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';
import { openMember, sidebar } from './support/member-pages';

const SERVER = 'sync-server/cli.ts';
// Replication and the live stream are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
const SUPPORT = '00gSupport0000000000';
test.describe.configure({ timeout: 240_000 });

let sim: OktaSim | undefined;
let database: TestDatabase | undefined;
let server: RunningCli | undefined;
const clients: DesktopClient[] = [];

test.afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => {});
  await server?.stop();
  await sim?.close();
  await database?.drop();
});

test('an Owner maps the Okta group Support to Admin in Teams; its members show the group role, which follows Okta', async ({
  browser,
}) => {
  await sharedPrivateKeyring();
  const people: Person[] = ['ada', 'bob', 'cy'];
  sim = await startOktaSim({
    port: 0,
    seed: {
      users: people.map((p) => ({
        id: PEOPLE[p].oktaId,
        login: `${p}@example.com`,
        email: `${p}@example.com`,
        firstName: PEOPLE[p].given,
        lastName: PEOPLE[p].family,
        password: PASSWORD,
      })),
      groups: [{ id: SUPPORT, name: 'Support', members: [PEOPLE.bob.oktaId] }],
    },
  });
  database = await createTestDatabase('latchkey_group_role');
  const env = cleanEnv({
    DATABASE_URL: database.url,
    LATCHKEY_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    LATCHKEY_OKTA_API_TOKEN: sim.apiToken,
    LATCHKEY_OWNER_EMAIL: 'ada@example.com',
  });
  server = start(
    SERVER,
    [
      '--port',
      '0',
      '--issuer',
      sim.issuer,
      '--audience',
      sim.audience,
      '--client-ids',
      sim.clientId,
      '--okta-org-url',
      sim.url,
    ],
    env,
  );
  const [, url = ''] = await server.waitFor(/listening on (http:\/\/[^\s]+)/);
  const rotated = await run(SERVER, ['scim-token', 'rotate'], env);
  expect(rotated.code, rotated.stderr).toBe(0);
  sim.admin.setScimTarget(`${url}/scim/v2`, rotated.stdout.trim().split('\n').at(-1) ?? '');
  for (const p of people) await sim.admin.assignUserToApp(PEOPLE[p].oktaId);
  await sim.admin.pushGroup(SUPPORT);

  const ada = await openClient(browser, 'ada', sim, url, {});
  clients.push(ada);
  await ada.signIn();
  await sidebar(ada.page).getByRole('button', { name: 'Teams', exact: true }).click();
  const support = ada.page.getByRole('listitem').filter({ has: ada.page.getByRole('heading', { name: 'Support' }) });
  const select = support.getByRole('combobox', { name: 'Workspace role for members' });
  await expect(select).toHaveValue('');
  await select.selectOption({ label: 'Admin' });
  await expect(ada.page.getByTestId('team-role-note')).toHaveText(
    'Members of Support are at least Admin while in the Okta group.',
    { timeout: SYNC_TIMEOUT },
  );
  await expect(select).toHaveValue('admin', { timeout: SYNC_TIMEOUT });

  await openMember(ada.page, 'Bob Builder');
  await expect(ada.page.getByTestId('member-group-role')).toHaveText(
    '— Role from Okta group Support: Admin (overrides the role set by hand: User)',
    { timeout: SYNC_TIMEOUT },
  );

  // Okta adds Cy to the group: Cy is Admin too; Okta removes Cy: back to User.
  await sim.admin.addGroupMember(SUPPORT, PEOPLE.cy.oktaId);
  await openMember(ada.page, 'Cy Young');
  await expect(ada.page.getByTestId('member-group-role')).toContainText('Role from Okta group Support: Admin', {
    timeout: SYNC_TIMEOUT,
  });
  await sim.admin.removeGroupMember(SUPPORT, PEOPLE.cy.oktaId);
  await expect(ada.page.getByTestId('member-group-role')).toHaveCount(0, { timeout: SYNC_TIMEOUT });

  const listed = await run(SERVER, ['roles', 'list'], env);
  expect(listed.stdout).toMatch(/admin\s+bob@example\.com\s+\(from an Okta group; set by hand: user\)/);
  expect(listed.stdout).toMatch(/user\s+cy@example\.com\n/);
});
