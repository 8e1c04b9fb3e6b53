/**
 * A Login-only user logs in with a shared account and never receives its password: the host
 * fetches the secrets from the server for this one launch and types them into the isolated login
 * window. Checked where the password could reach the user: every IPC frame between the host and
 * the app (the browser host's WebSocket carries the whole IPC contract, replication included), the
 * replica on disk (IndexedDB) and the page itself.
 */
import { expect, type Page, test } from '@playwright/test';
import { launchEventsFor } from '../../sync-server/launch/launch-events';
import { catchHandOff, type LaunchWorld, signInToOkta, startLaunchWorld } from './support/launch-world';

test.setTimeout(180_000);
let world: LaunchWorld | undefined;
test.afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Signs in with every IPC frame recorded from the first one. */
async function signInRecording(w: LaunchWorld, email: string): Promise<{ app: Page; frames: string[] }> {
  const app = await w.context.newPage();
  const frames: string[] = [];
  app.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
    socket.on('framesent', (frame) => frames.push(String(frame.payload)));
  });
  await app.goto(w.desktop.host.url);
  const signIn = w.context.waitForEvent('page');
  await app.getByRole('button', { name: 'Sign in with Okta' }).click();
  await signInToOkta(await signIn, email);
  await expect(app.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
  return { app, frames };
}

/** Every value of every IndexedDB database of the app's origin, as text. */
function everythingInIndexedDb(app: Page): Promise<string> {
  return app.evaluate(async () => {
    const done = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const texts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await done(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        texts.push(JSON.stringify(await done(db.transaction(store).objectStore(store).getAll())));
      }
      db.close();
    }
    return texts.join('\n');
  });
}

const accounts = (app: Page) => app.getByRole('list', { name: 'Accounts' });

test('a Login-only user clicks Log in and is logged in, and the password never reaches the app', async ({
  browser,
}) => {
  world = await startLaunchWorld(browser);
  const { server } = world.demo;
  const stored = await server.repo.get(server.db, 'credentials', world.demo.accountIds.brand);
  const password = stored?.password ?? '';
  expect(password.length).toBeGreaterThan(0);
  const { app, frames } = await signInRecording(world, 'lena.loginonly@latchkey.test');

  const logIn = accounts(app).getByRole('button', { name: 'Log in to Brand Instagram' });
  await expect(logIn).toBeEnabled({ timeout: 30_000 });
  await logIn.click();

  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  await expect(world.windows[0]?.page.locator('#who') ?? app.locator('#never')).toHaveText(
    'Logged in as Contentzilla Brand',
  );
  const events = await launchEventsFor(server.db, world.demo.accountIds.brand);
  expect(events.at(-1)).toMatchObject({ outcome: 'allowed', secretsReleasedAt: expect.any(String) });

  // The replica finished its first sync (the account is listed) and holds no credentials.
  expect(frames.length).toBeGreaterThan(0);
  for (const frame of frames) expect(frame).not.toContain(password);
  expect(await everythingInIndexedDb(app)).not.toContain(password);
  await expect(app.locator('body')).not.toContainText(password);
  // Nor can she reveal or copy it: her account details offer no password at all.
  await accounts(app)
    .getByRole('button', { name: /^Brand Instagram/ })
    .click();
  await expect(app.getByRole('heading', { name: 'Brand Instagram' })).toBeVisible();
  await expect(app.getByRole('button', { name: /show password|reveal/i })).toHaveCount(0);
});

test('a Login-only user’s chiclet link logs her in the same way', async ({ browser }) => {
  world = await startLaunchWorld(browser);
  const { app, frames } = await signInRecording(world, 'lena.loginonly@latchkey.test');
  const tab = await world.context.newPage();
  await tab.goto(`${world.demo.urls.syncServer}/launch/${world.demo.accountIds.brand}`, { waitUntil: 'commit' });
  const handOff = catchHandOff(tab);
  await tab.getByRole('link', { name: 'Open in Latchkey' }).click();
  await world.desktop.openDeepLink(await handOff);

  await expect(app.getByText('Logged in to Brand Instagram – Contentzilla')).toBeVisible({ timeout: 60_000 });
  const stored = await world.demo.server.repo.get(world.demo.server.db, 'credentials', world.demo.accountIds.brand);
  for (const frame of frames) expect(frame).not.toContain(stored?.password ?? '');
});
