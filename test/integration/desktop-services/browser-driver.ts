/**
 * "The system browser" for tests: a real headless Chromium that does what a user would with the
 * URL the app hands to the OS (dev/stack/okta-sign-in-page.ts), counting the sign-in forms shown.
 */
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../../dev/stack/chromium';
import { completeOktaSignIn, type OktaCredentials } from '../../../dev/stack/okta-sign-in-page';

export interface SystemBrowser {
  /** The `openExternal` to give the session service. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Every URL the app asked the OS to open, in order. */
  readonly opened: string[];
  /** How many times the sign-in form was shown (0 when Okta's session cookie signed us in). */
  signInFormsShown(): number;
  close(): Promise<void>;
}

export async function launchSystemBrowser(credentials: OktaCredentials): Promise<SystemBrowser> {
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
    if (await completeOktaSignIn(context, url, credentials)) formsShown += 1;
  }

  return {
    openExternal,
    opened,
    signInFormsShown: () => formsShown,
    close: () => browser.close(),
  };
}
