/**
 * Launches the server refuses, shown in the app with the reason and whom to ask: a member whose
 * share was removed (a stale dashboard or a bookmarked chiclet link). No login window opens.
 * (Login-only users may log in: launch-login-only.spec.ts.)
 */
import { expect, test } from '@playwright/test';
import { launchEventsFor } from '../../sync-server/launch/launch-events';
import { catchHandOff, type LaunchWorld, signInDesktop, startLaunchWorld } from './support/launch-world';

test.setTimeout(180_000);
let world: LaunchWorld | undefined;
test.afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * A bookmarked chiclet link: the sync server's launch page. Chromium lets a page open an external
 * protocol only after a user gesture, which a page opened by `goto` lacks, so the test clicks the
 * page's "Open in Latchkey" button, as a person would when nothing happened.
 */
async function openLaunchPage(w: LaunchWorld, accountId: string): Promise<void> {
  const tab = await w.context.newPage();
  await tab.goto(`${w.demo.urls.syncServer}/launch/${accountId}`, { waitUntil: 'commit' });
  const handOff = catchHandOff(tab);
  await tab.getByRole('link', { name: 'Open in Latchkey' }).click();
  await w.desktop.openDeepLink(await handOff);
}

test('a member whose access was removed is blocked with the reason', async ({ browser }) => {
  world = await startLaunchWorld(browser);
  const app = await signInDesktop(world, 'maya.marketing@latchkey.test');
  const { server } = world.demo;
  await server.db.transaction((tx) =>
    server.repo.remove(tx, 'shares', 'demo-sh-marketing-social', {
      type: 'system',
      name: 'e2e: owner removed the team share',
    }),
  );
  await openLaunchPage(world, world.demo.accountIds.brand);

  const banner = app.getByRole('alert', { name: 'Launch' });
  await expect(banner).toContainText('You cannot open the account', { timeout: 30_000 });
  await expect(banner).toContainText(
    'You do not have access to this account. Ask someone who owns it to share it with you.',
  );
  expect(world.windows).toHaveLength(0);
  const events = await launchEventsFor(server.db, world.demo.accountIds.brand);
  expect(events.at(-1)).toMatchObject({ outcome: 'denied', reason: 'no_item_role' });
});

test('the launch page tells an unauthenticated browser nothing about the account', async ({ browser, request }) => {
  world = await startLaunchWorld(browser);
  const page = await request.get(`${world.demo.urls.syncServer}/launch/${world.demo.accountIds.brand}`);
  const html = await page.text();
  expect(page.status()).toBe(200);
  expect(html).toContain(`latchkey://launch/${world.demo.accountIds.brand}`);
  for (const detail of ['Brand Instagram', 'Contentzilla', 'brand@contentzilla.test', 'Contentzilla-brand-1', 'maya']) {
    expect(html).not.toContain(detail);
  }
});
