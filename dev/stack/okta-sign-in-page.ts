/**
 * What a person does in "the system browser" when the app hands it an Okta URL: open it, type
 * the username and password into the simulator's sign-in page if it shows one (Okta's session
 * cookie may sign them in without it), and follow the redirect back to the app's loopback
 * listener. A logout URL is only opened: its page posts itself.
 */
import type { BrowserContext } from '@playwright/test';

export interface OktaCredentials {
  username: string;
  password: string;
}

/** Resolves once the browser is back at the app's callback; true when the sign-in form was shown. */
export async function completeOktaSignIn(
  context: BrowserContext,
  url: string,
  credentials: OktaCredentials,
): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    if (new URL(url).pathname.endsWith('/v1/logout')) {
      // The logout page posts itself; wait until the provider has answered that post.
      await page.waitForLoadState('networkidle');
      return false;
    }
    const username = page.locator('input[name="username"]');
    const landed = page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    const form = username.waitFor({ state: 'visible' }).then(() => 'form' as const);
    if ((await Promise.race([landed.then(() => 'callback' as const), form])) === 'callback') return false;
    await username.fill(credentials.username);
    await page.locator('input[name="password"]').fill(credentials.password);
    await page.locator('button[type="submit"]').click();
    await landed;
    return true;
  } finally {
    await page.close();
  }
}
