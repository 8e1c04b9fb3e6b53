import { readFileSync } from 'node:fs';
import { expect, test } from './support/host-fixture';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('shows the app frame and what the host reports about itself', async ({ host, page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await page.goto(host.url);

  await expect(page.getByRole('heading', { level: 1, name: 'Latchkey' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(`Latchkey ${version} on ${process.platform} (browser host)`);
  const screens = page.getByRole('navigation', { name: 'Screens' });
  await expect(screens.getByRole('button', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');

  // The launch token is gone from the address bar (and so from history and screenshots).
  expect(page.url()).not.toContain('token');
  // Nothing failed to load and the strict CSP refused nothing: no inline script or style slipped in.
  expect(consoleErrors).toEqual([]);

  await page.screenshot({ path: testInfo.outputPath('app-frame.png'), fullPage: true });
});

test('still connected after a reload', async ({ host, page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('status')).toContainText('(browser host)');
  await page.reload();
  await expect(page.getByRole('status')).toContainText('(browser host)');
});

test('shows a launch hand-off the host pushes', async ({ host, page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('status')).toContainText('(browser host)');
  host.emit('launch:requested', { accountId: 'acct_42' });
  await expect(page.getByText('Launch requested for account acct_42.')).toBeVisible();
});
