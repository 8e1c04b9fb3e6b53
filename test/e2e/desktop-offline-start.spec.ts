import type { Page } from '@playwright/test';
import type { DesktopWorld } from '../../dev/stack/desktop-world';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeAccount, makeShare } from '../../dev/stack/workspace-factory';
import { expect, test } from './support/desktop-fixture';
import { openMachine } from './support/restartable-desktop';

// "Works fully offline": a remembered sign-in opens the replica even when neither Okta
// nor the sync server can be reached at start-up, and the edits made then reach the server later.
const SYNC_TIMEOUT = 45_000;
test.describe.configure({ timeout: 150_000 });

const ACCOUNT = { id: 'acct-offline-start', name: 'Offline Start Portal' };
const indicator = (page: Page) => page.locator('.sync-indicator');
const card = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Accounts' }).getByRole('button', { name: new RegExp(`^${name}`) });

/** Counts the pushes of accounts the window sends to its host, from the page's first frame. */
function countAccountPushes(page: Page, count: { sent: number }): void {
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      const call = JSON.parse(String(frame.payload)) as { channel?: string; input?: { collection?: string } };
      if (call.channel === 'sync:push' && call.input?.collection === 'accounts') count.sent += 1;
    });
  });
}

/** An account of Ada's alone (no team shares it), seeded by each test with the label it checks. */
async function seedAccount(world: DesktopWorld): Promise<void> {
  await seedRecords(world.server, {
    accounts: [makeAccount({ id: ACCOUNT.id, name: ACCOUNT.name, appName: 'Zendesk', labels: ['ops'] })],
    shares: [makeShare({ account: ACCOUNT.id }, { user: 'user-ada' }, 'owner', 'sh-ada-offline-start')],
  });
}

test('started while Okta and the sync server are down, the app shows the replica, queues an edit, and delivers it when they return', async ({
  world,
  browser,
}, testInfo) => {
  await seedAccount(world);
  const machine = await openMachine(browser, world, 'ada');
  try {
    const first = await machine.start();
    await first.page.getByRole('button', { name: 'Sign in with Okta' }).click();
    await expect(card(first.page, ACCOUNT.name)).toBeVisible({ timeout: SYNC_TIMEOUT });
    await expect(indicator(first.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });
    await first.quit();

    await world.sim.outage.begin();
    machine.network.disconnect();
    let again: Awaited<ReturnType<typeof machine.start>>;
    const accountPushes = { sent: 0 };
    try {
      again = await machine.start({ beforeOpen: (page) => countAccountPushes(page, accountPushes) });
      const page = again.page;
      // Signed in as remembered, not sent to the sign-in screen.
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: SYNC_TIMEOUT });
      await expect(page.getByRole('button', { name: 'Sign in with Okta' })).toHaveCount(0);
      await expect(page.locator('.app-header')).toContainText('Ada Lovelace');
      await expect(indicator(page)).toHaveAttribute('data-sync-state', 'offline', { timeout: SYNC_TIMEOUT });

      await card(page, ACCOUNT.name).click();
      await expect(page.getByRole('heading', { level: 2, name: ACCOUNT.name })).toBeVisible();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Labels (comma-separated)', { exact: true }).fill('ops, edited-at-offline-start');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('account-facts')).toContainText('edited-at-offline-start');
      await expect(indicator(page)).toHaveText('Offline — 1 pending change');
      // The push failed and was tried again: being out of reach is still "Offline", not an error.
      await expect.poll(() => accountPushes.sent, { timeout: SYNC_TIMEOUT }).toBeGreaterThanOrEqual(2);
      await expect(indicator(page)).toHaveText('Offline — 1 pending change');
      await page.screenshot({ path: testInfo.outputPath('offline-start-pending.png') });
      const onServer = await world.server.repo.get(world.server.db, 'accounts', ACCOUNT.id);
      expect(onServer?.labels).toEqual(['ops']);
    } finally {
      await world.sim.outage.end();
      machine.network.reconnect();
    }

    // Okta and the server are back: the session refreshes silently and the edit is pushed.
    await expect(indicator(again.page)).toHaveText('Online — all changes synced', { timeout: SYNC_TIMEOUT });
    await expect(again.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect
      .poll(async () => (await world.server.repo.get(world.server.db, 'accounts', ACCOUNT.id))?.labels, {
        timeout: SYNC_TIMEOUT,
      })
      .toEqual(['ops', 'edited-at-offline-start']);
  } finally {
    await machine.close();
  }
});

test('a sign-in revoked at Okta while the app was closed ends when Okta answers again, after opening offline', async ({
  world,
  browser,
}) => {
  await seedAccount(world);
  const machine = await openMachine(browser, world, 'ada');
  try {
    const first = await machine.start();
    await first.page.getByRole('button', { name: 'Sign in with Okta' }).click();
    await expect(card(first.page, ACCOUNT.name)).toBeVisible({ timeout: SYNC_TIMEOUT });
    await first.quit();

    // An Okta admin revokes the desktop's grant (RFC 7009) while the app is closed.
    const stored = await machine.keychain.get('oidc-refresh-token');
    const refreshToken = stored.ok ? stored.value : null;
    expect(refreshToken).not.toBeNull();
    const revoked = await fetch(`${world.sim.issuer}/v1/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshToken ?? '',
        token_type_hint: 'refresh_token',
        client_id: world.sim.clientId,
      }),
    });
    expect(revoked.status).toBe(200);

    await world.sim.outage.begin();
    let again: Awaited<ReturnType<typeof machine.start>>;
    const accountPushes = { sent: 0 };
    try {
      again = await machine.start({ beforeOpen: (page) => countAccountPushes(page, accountPushes) });
      // Okta cannot say no while it is down: the remembered user works offline meanwhile.
      await expect(card(again.page, ACCOUNT.name)).toBeVisible({ timeout: SYNC_TIMEOUT });
    } finally {
      await world.sim.outage.end();
    }
    await expect(again.page.getByRole('button', { name: 'Sign in with Okta' })).toBeVisible({ timeout: SYNC_TIMEOUT });
    await expect(again.page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    expect(await machine.keychain.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    expect(await machine.keychain.get('oidc-profile')).toEqual({ ok: true, value: null });
  } finally {
    await machine.close();
  }
});
