/**
 * "The system browser" for tests: a real headless Chromium that does what a user would —
 * open the URL the app hands to the OS, type the username and password into the simulator's
 * sign-in page if it shows one, and follow redirects back to the app's loopback listener.
 */
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../../dev/stack/chromium';

export interface SystemBrowser {
  /** The `openExternal` to give the session service. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Every URL the app asked the OS to open, in order. */
  readonly opened: string[];
  /** How many times the sign-in form was shown (0 when Okta's session cookie signed us in). */
  signInFormsShown(): number;
  close(): Promise<void>;
}

export async function launchSystemBrowser(credentials: { username: string; password: string }): Promise<SystemBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  // One context = one browser profile, so Okta's session cookie persists across openings.
  const context: BrowserContext = await browser.newContext();
  const opened: string[] = [];
  let formsShown = 0;

  async function openExternal(url: string): Promise<void> {
    opened.push(url);
    const page = await context.newPage();
    try {
      await page.goto(url);
      if (new URL(url).pathname.endsWith('/v1/logout')) {
        // The logout page posts itself; wait until the provider has answered that post.
        await page.waitForLoadState('networkidle');
        return;
      }
      const username = page.locator('input[name="username"]');
      const landed = page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
      const form = username.waitFor({ state: 'visible' }).then(() => 'form' as const);
      if ((await Promise.race([landed.then(() => 'callback' as const), form])) === 'form') {
        formsShown += 1;
        await username.fill(credentials.username);
        await page.locator('input[name="password"]').fill(credentials.password);
        await page.locator('button[type="submit"]').click();
        await landed;
      }
    } finally {
      await page.close();
    }
  }

  return {
    openExternal,
    opened,
    signInFormsShown: () => formsShown,
    close: () => browser.close(),
  };
}
