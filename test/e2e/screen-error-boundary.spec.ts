import path from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

// A screen that throws while rendering: the error screen replaces that screen only, Reload screen
// mounts it afresh, and Report gives a report without the secrets the error message held (the
// same report the boundary sends to the host's log file).
// The boundary is the app's own component, bundled with a harness that can make a screen fail.

const origin = 'http://error-boundary.localhost';
let bundle = '';

test.beforeAll(async () => {
  const result = await build({
    entryPoints: [path.resolve('test/e2e/support/error-boundary-harness.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  bundle = result.outputFiles[0]?.text ?? '';
});

test.beforeEach(async ({ page, context }) => {
  // *.localhost is a secure context, where the page may use the clipboard once allowed.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.route(`${origin}/**`, (route) =>
    route.request().url().endsWith('/harness.js')
      ? route.fulfill({ contentType: 'text/javascript', body: bundle })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html><body><div id="root"></div><script src="/harness.js"></script></body></html>',
        }),
  );
  await page.goto(`${origin}/`);
  await expect(page.getByText('Mounted 1 times')).toBeVisible();
});

test('a failing screen says what happened, and Reload screen mounts it again', async ({ page }) => {
  await page.getByRole('button', { name: 'Break this screen' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This screen stopped working.');
  await expect(alert).toContainText('An error in Latchkey stopped the Accounts screen. Your data is safe');
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  // Only the screen is replaced: the rest of the window still works.
  await expect(
    page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Collections' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Reload screen' }).click();
  await expect(page.getByText('Mounted 2 times')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('Report copies a report without the address or token the error held, and says where the logs are', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Break this screen' }).click();
  await page.getByRole('button', { name: 'Report' }).click();

  await expect(page.getByRole('status')).toHaveText(
    "The report is copied. The app's log is in /home/ada/.config/Latchkey/logs: attach latchkey.log too.",
  );
  const report = await page.getByRole('textbox', { name: 'Report text' }).inputValue();
  expect(report).toContain('Latchkey error report');
  expect(report).toContain('Screen: Accounts');
  expect(report).toContain('Error: TypeError: cannot read the account of [email] (Bearer [redacted])');
  expect(report).toContain('FragileScreen');
  for (const secret of ['ada.lovelace@example.com', 'eyJhbGciOiJIUzI1NiJ9']) expect(report).not.toContain(secret);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(report);
  // The same report went to the host's log file when the screen failed.
  expect(await page.evaluate(() => (window as unknown as { screenFailed: unknown[] }).screenFailed)).toEqual([
    { screen: 'Accounts', report },
  ]);
});
