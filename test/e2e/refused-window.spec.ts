import { expect, test } from './support/host-fixture';

test('a window opened without the launch token says so and gets nothing from the host', async ({ host, page }) => {
  await page.goto(host.url.replace(/#.*$/, ''));
  await expect(page.getByRole('status')).toHaveText(
    'This window was opened without its launch token. Start Latchkey again.',
  );
});

test('a window with a wrong launch token is refused by the host', async ({ host, page }) => {
  await page.goto(host.url.replace(/#token=.*$/, `#token=${'0'.repeat(64)}`));
  await expect(page.getByRole('status')).toHaveText(
    'The Latchkey host refused this window or is not running. Start Latchkey again.',
  );
});

test('the one-time link opens one window: opened again elsewhere, it is refused', async ({ host, page, context }) => {
  await page.goto(host.url);
  await expect(page.getByRole('status')).toContainText('(browser host)');
  const copy = await context.newPage();
  await copy.goto(host.url);
  await expect(copy.getByRole('status')).toHaveText(
    'The Latchkey host refused this window or is not running. Start Latchkey again.',
  );
  // The first window keeps working, a reload included.
  await page.reload();
  await expect(page.getByRole('status')).toContainText('(browser host)');
});

test('the page is served with the strict CSP and refuses a foreign Host header', async ({ host, request }) => {
  const response = await request.get(host.url.replace(/#.*$/, ''));
  expect(response.status()).toBe(200);
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");

  const rebound = await request.get(host.url.replace(/#.*$/, ''), { headers: { Host: 'evil.example' } });
  expect(rebound.status()).toBe(421);
});
