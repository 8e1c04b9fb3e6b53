import type { Page } from '@playwright/test';
import type { SecretAccount } from '../../main/services/secret-store/secret-store';
import { type Collaborator, type DeprovisionWorld, expect, test } from './support/deprovision-fixture';
import { type Machine, openMachine, type RunningApp } from './support/restartable-desktop';

// A device whose person signs out, or whom Okta deprovisions, ends with nothing readable: no
// replica in IndexedDB, no replica key or refresh token in the keychain, no token or credential in
// memory — and the sign-in screen says why. Each test provisions its own person through Okta's SCIM.
const SYNC_TIMEOUT = 45_000;
test.describe.configure({ timeout: 150_000 });

const NOTICES = {
  deactivated:
    'You were signed out: your Latchkey access was deactivated by your administrator. Local data was removed from this device.',
  signedOut: 'Signed out. Local data was removed from this device.',
  oktaEnded:
    'You were signed out: Okta no longer accepts your sign-in (it was revoked or expired, or your Okta account was deactivated). Local data was removed from this device.',
};

const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });
const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));
const keychainHas = async (machine: Machine, account: SecretAccount) => {
  const entry = await machine.keychain.get(account);
  return entry.ok && entry.value !== null;
};

/** Signs in, opens the account and reveals its password: the replica and its key now exist. */
async function signInAndReveal(app: RunningApp, who: Collaborator): Promise<void> {
  const page = app.page;
  await page.getByRole('button', { name: 'Sign in with Okta' }).click();
  await card(page, who.account.name).click({ timeout: SYNC_TIMEOUT });
  await page.getByRole('button', { name: 'Reveal password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveText(who.account.password);
}

async function expectHoldsReplica(machine: Machine, page: Page): Promise<void> {
  expect(await keychainHas(machine, 'replica-encryption-key')).toBe(true);
  expect(await keychainHas(machine, 'oidc-refresh-token')).toBe(true);
  expect((await databases(page)).some((name) => name.includes('latchkey-secrets-'))).toBe(true);
}

async function expectWiped(machine: Machine, app: RunningApp, who: Collaborator, notice: string): Promise<void> {
  const page = app.page;
  await expect(page.getByTestId('signed-out-notice')).toHaveText(notice, { timeout: SYNC_TIMEOUT });
  await expect(page.getByRole('button', { name: 'Sign in with Okta' })).toBeVisible();
  await expect(page.getByText(who.account.password)).toHaveCount(0);
  await expect(page.getByText(who.account.name)).toHaveCount(0);
  expect(await databases(page)).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('latchkey.')))).toEqual([]);
  for (const account of ['replica-encryption-key', 'oidc-refresh-token', 'oidc-profile'] as const) {
    expect(await keychainHas(machine, account), account).toBe(false);
  }
  expect(app.desktop.session.status()).toMatchObject({ signedIn: false, user: null });
  expect(await app.desktop.session.accessToken()).toMatchObject({ ok: false, code: 'not_signed_in' });
  expect(await app.desktop.replicaKey()).toMatchObject({ ok: false, code: 'not_signed_in' });
}

async function machineFor(world: DeprovisionWorld, browser: Parameters<typeof openMachine>[0], login: string) {
  const who = await world.addCollaborator(login);
  return { who, machine: await openMachine(browser, world, who.login) };
}

test('Okta deactivates a collaborator while their app runs: the app wipes itself and says why', async ({
  deprovisionWorld: world,
  browser,
}, testInfo) => {
  const { who, machine } = await machineFor(world, browser, 'rae');
  try {
    const app = await machine.start();
    await signInAndReveal(app, who);
    await expectHoldsReplica(machine, app.page);

    await world.sim.admin.deactivateUser(who.oktaId);

    await expectWiped(machine, app, who, NOTICES.deactivated);
    await app.page.screenshot({ path: testInfo.outputPath('wiped-deactivated.png') });
  } finally {
    await machine.close();
  }
});

/** Quits the app, lets Okta act, then starts it with Okta and the sync server out of reach, and brings them back. */
async function startOfflineThenOnline(
  world: DeprovisionWorld,
  machine: Machine,
  who: Collaborator,
  oktaAction: () => Promise<void>,
): Promise<RunningApp> {
  await oktaAction();
  await world.sim.outage.begin();
  machine.network.disconnect();
  try {
    const app = await machine.start();
    // Opened as remembered, from the replica on disk, before anyone could say no.
    await expect(card(app.page, who.account.name)).toBeVisible({ timeout: SYNC_TIMEOUT });
    await expect(app.page.locator('.sync-indicator')).toHaveAttribute('data-sync-state', 'offline', {
      timeout: SYNC_TIMEOUT,
    });
    await expectHoldsReplica(machine, app.page);
    return app;
  } finally {
    await world.sim.outage.end();
    machine.network.reconnect();
  }
}

test('unassigned from Latchkey in Okta while the app was closed: started offline, the app wipes itself once online', async ({
  deprovisionWorld: world,
  browser,
}) => {
  const { who, machine } = await machineFor(world, browser, 'sol');
  try {
    const first = await machine.start();
    await signInAndReveal(first, who);
    await first.quit();
    // SCIM deprovisioning (active: false) while the Okta account itself stays active: the refresh
    // succeeds, and the sync server's 403 user_inactive is what ends the session.
    const app = await startOfflineThenOnline(world, machine, who, () =>
      world.sim.admin.unassignUserFromApp(who.oktaId),
    );
    await expectWiped(machine, app, who, NOTICES.deactivated);
  } finally {
    await machine.close();
  }
});

test('deactivated in Okta while the app was closed: started offline, the app wipes itself when Okta refuses the sign-in', async ({
  deprovisionWorld: world,
  browser,
}) => {
  const { who, machine } = await machineFor(world, browser, 'tam');
  try {
    const first = await machine.start();
    await signInAndReveal(first, who);
    await first.quit();
    // Okta revokes a deactivated user's grants: the refresh is refused before the sync server is asked.
    const app = await startOfflineThenOnline(world, machine, who, () => world.sim.admin.deactivateUser(who.oktaId));
    await expectWiped(machine, app, who, NOTICES.oktaEnded);
  } finally {
    await machine.close();
  }
});

test('signing out wipes the device too', async ({ deprovisionWorld: world, browser }) => {
  const { who, machine } = await machineFor(world, browser, 'uma');
  try {
    const app = await machine.start();
    await signInAndReveal(app, who);
    await expectHoldsReplica(machine, app.page);
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await expectWiped(machine, app, who, NOTICES.signedOut);
  } finally {
    await machine.close();
  }
});
