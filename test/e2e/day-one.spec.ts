/**
 * Day one of a real organisation, as README "Deploy for your organisation" tells it: the sync
 * server started from its command line on an empty database (no demo seed), Okta provisioning
 * everyone over SCIM as plain users, the operator's `roles set` making the first Owner, who makes
 * an Admin in the app, who turns Extended account access on. The role rules refuse, with their
 * reasons, what nobody may do: change their own role, leave the workspace without an Owner, or
 * (as a Super Admin) give a role above their own.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { cleanEnv, type RunningCli, run, start } from '../../dev/stack/cli-process';
import { type DesktopClient, openClient, PASSWORD, PEOPLE, type Person } from '../../dev/stack/desktop-world';
import { createTestDatabase, type TestDatabase } from '../../dev/stack/postgres';
import { sharedPrivateKeyring } from '../../dev/stack/private-keyring';
import type { User, WorkspaceSettings } from '../../domain/records';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';
import { chooseRole, openMember, sidebar } from './support/member-pages';

const SERVER = 'sync-server/cli.ts';
// Replication and the live stream are asynchronous: waits are on what the user sees, bounded.
const SYNC_TIMEOUT = 30_000;
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

/** `roles list` prints one "role  e-mail" line per member. */
function rolesOf(stdout: string): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const [role, email] = line.trim().split(/\s+/);
    if (role && email) roles[email] = role;
  }
  return roles;
}

test('a fresh server, provisioned by Okta, gets its first Owner from `roles set`, who makes an Admin, who turns the feature on', async ({
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
    },
  });
  database = await createTestDatabase('latchkey_day_one');
  const env = cleanEnv({
    DATABASE_URL: database.url,
    LATCHKEY_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    LATCHKEY_OKTA_API_TOKEN: sim.apiToken,
  });

  // 1. The server, from its command line, on an empty database.
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

  // 2. Okta's provisioning: the SCIM token from the operator's tool, pasted into Okta.
  const rotated = await run(SERVER, ['scim-token', 'rotate'], env);
  expect(rotated.code, rotated.stderr).toBe(0);
  const token = rotated.stdout.trim().split('\n').at(-1) ?? '';
  sim.admin.setScimTarget(`${url}/scim/v2`, token);

  // 3. People assigned in Okta arrive as plain users; nobody can run the workspace yet.
  for (const p of people) await sim.admin.assignUserToApp(PEOPLE[p].oktaId);
  const listed = await run(SERVER, ['roles', 'list'], env);
  expect(listed.code, listed.stderr).toBe(0);
  expect(rolesOf(listed.stdout)).toEqual({
    'ada@example.com': 'user',
    'bob@example.com': 'user',
    'cy@example.com': 'user',
  });

  // 4. The operator makes the first Owner, beside the running server (PostgreSQL).
  const made = await run(SERVER, ['roles', 'set', 'ada@example.com', 'owner'], env);
  expect(made.code, made.stderr).toBe(0);
  const demoteLast = await run(SERVER, ['roles', 'set', 'ada@example.com', 'user'], env);
  expect(demoteLast.code).not.toBe(0);
  expect(demoteLast.stderr).toMatch(/last Owner/i);

  // 5. The Owner signs in and makes Bob an Admin and Cy a Super Admin, in the app.
  const ada = await openClient(browser, 'ada', sim, url, {});
  clients.push(ada);
  await ada.signIn();
  await openMember(ada.page, 'Ada Lovelace');
  await chooseRole(ada.page, 'User');
  await expect(ada.page.getByTestId('role-refusal')).toHaveText(
    'This is the workspace’s last Owner: make someone else Owner first, so the workspace always has one.',
  );
  await expect(ada.page.getByRole('button', { name: 'Change role' })).toBeDisabled();

  for (const [name, role] of [
    ['Bob Builder', 'Admin'],
    ['Cy Young', 'Super Admin'],
  ] as const) {
    await openMember(ada.page, name);
    await chooseRole(ada.page, role);
    await ada.page.getByRole('region', { name: 'Role' }).getByRole('button', { name: 'Change role' }).click();
    await expect(ada.page.getByTestId('role-note')).toHaveText(`${name} is now ${role}.`, { timeout: SYNC_TIMEOUT });
  }

  // 6. The Super Admin may not make anyone Owner, nor change their own role; each is told why.
  const cy = await openClient(browser, 'cy', sim, url, {});
  clients.push(cy);
  await cy.signIn();
  await openMember(cy.page, 'Bob Builder');
  await chooseRole(cy.page, 'Owner');
  await expect(cy.page.getByTestId('role-refusal')).toContainText(
    'As a Super Admin you can only give the roles Admin, User, Login-only',
  );
  await expect(cy.page.getByRole('button', { name: 'Change role' })).toBeDisabled();
  await openMember(cy.page, 'Cy Young');
  await expect(cy.page.getByTestId('role-refusal')).toContainText('Nobody can change their own workspace role');

  // 7. The Admin turns Extended account access on.
  const bob = await openClient(browser, 'bob', sim, url, {});
  clients.push(bob);
  await bob.signIn();
  await sidebar(bob.page).getByRole('button', { name: 'Workspace settings', exact: true }).click();
  const feature = bob.page.getByRole('switch', { name: 'Extended account access' });
  await expect(feature).toBeEnabled({ timeout: SYNC_TIMEOUT });
  await feature.click();
  await expect(feature).toHaveAttribute('aria-checked', 'true', { timeout: SYNC_TIMEOUT });

  // The operator's view agrees: roles as given, the switch on, each step audited.
  const after = await run(SERVER, ['roles', 'list'], env);
  expect(rolesOf(after.stdout)).toEqual({
    'ada@example.com': 'owner',
    'bob@example.com': 'admin',
    'cy@example.com': 'superAdmin',
  });
  const { Client } = await import('pg');
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  try {
    const settings = await pg.query<{ doc: WorkspaceSettings }>(
      "select doc from records where collection = 'settings' and id = 'workspace'",
    );
    expect(settings.rows[0]?.doc.extendedAccessEnabled).toBe(true);
    const users = await pg.query<{ doc: User }>("select doc from records where collection = 'users'");
    expect(users.rows.map((r) => r.doc.externalId).sort()).toEqual(people.map((p) => PEOPLE[p].oktaId).sort());
    const audited = await pg.query<{ action: string }>('select action from audit_events order by seq');
    const actions = audited.rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'user.setRole')).toHaveLength(3);
  } finally {
    await pg.end();
  }
});
