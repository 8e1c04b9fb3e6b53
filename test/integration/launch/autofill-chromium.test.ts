/**
 * The autofill engine driving real Chromium over CDP against real login forms: multi-page
 * logins with a TOTP step, identifier-first forms, per-account selectors, and the failures a
 * user would see (no form, wrong password, code required but no secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofill } from '../../../main/services/launcher/autofill-engine';
import { type CdpAutofillWindow, cdpWindowOpener } from '../../../main/services/launcher/cdp-driver';
import { type LoginSite, SITE_USER, startLoginSite } from './support/login-site';

const openWindow = cdpWindowOpener({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
});
let site: LoginSite;
const windows: CdpAutofillWindow[] = [];

async function run(pathname: string, overrides: Partial<Parameters<typeof autofill>[1]> = {}) {
  const win = await openWindow();
  windows.push(win);
  const result = await autofill(win.driver, {
    loginUrl: `${site.url}${pathname}`,
    ...SITE_USER,
    selectors: null,
    ...overrides,
  });
  return { result, text: (await win.page.locator('body').textContent()) ?? '' };
}

beforeAll(async () => {
  site = await startLoginSite();
});
afterAll(async () => {
  await Promise.all(windows.map((w) => w.close()));
  await openWindow.dispose();
  await site.close();
});

describe('autofill in Chromium', () => {
  it('logs in through a username+password page and then a TOTP page', async () => {
    const { result, text } = await run('/classic');
    expect(result).toMatchObject({ ok: true, steps: 2 });
    expect(text).toContain(`Logged in as ${SITE_USER.username}`);
    expect(site.attempts.filter((a) => a.ok).map((a) => a.path)).toEqual(['/classic', '/mfa']);
  }, 30_000);

  it('logs in on an identifier-first form (email page, then password page)', async () => {
    const { result, text } = await run('/first');
    expect(result).toMatchObject({ ok: true, steps: 2 });
    expect(text).toContain(`Logged in as ${SITE_USER.username}`);
  }, 30_000);

  it('presses a sign-in button far below the fold, scrolling to it as a person would', async () => {
    const { result, text } = await run('/tall');
    expect(result).toMatchObject({ ok: true, steps: 2 });
    expect(text).toContain(`Logged in as ${SITE_USER.username}`);
    expect(site.attempts.at(-2)).toMatchObject({ path: '/classic', ok: true });
  }, 30_000);

  it('uses the account’s selectors where the form gives no hints, and finds nothing without them', async () => {
    const without = await run('/odd');
    expect(without.result).toMatchObject({ ok: false, code: 'no_login_form' });
    const withSelectors = await run('/odd', {
      selectors: { username: '.who', password: '.what', submit: 'button.go' },
    });
    expect(withSelectors.result).toMatchObject({ ok: true });
    expect(withSelectors.text).toContain(`Logged in as ${SITE_USER.username}`);
  }, 30_000);

  it('gives every login window a context of its own, with nothing of the one before', async () => {
    const first = await run('/classic');
    expect(first.result).toMatchObject({ ok: true });
    const used = windows.at(-1) as CdpAutofillWindow;
    expect(await used.page.context().cookies()).not.toEqual([]);
    await used.close();
    // Windows opened after one closed (the one made ahead among them), and two at once.
    const [a, b] = await Promise.all([openWindow(), openWindow()]);
    windows.push(a, b);
    for (const win of [a, b]) {
      expect(win.page.context()).not.toBe(used.page.context());
      expect(await win.page.context().cookies()).toEqual([]);
      expect(win.page.url()).toBe('about:blank');
    }
    expect(a.page.context()).not.toBe(b.page.context());
  }, 30_000);

  it('says the login was rejected when the saved password is wrong, without echoing it', async () => {
    const { result } = await run('/classic', { password: 'stale password' });
    expect(result).toMatchObject({ ok: false, code: 'login_rejected' });
    expect(JSON.stringify(result)).not.toContain('stale password');
  }, 30_000);

  it('stops at the code page when the account has no TOTP secret', async () => {
    const { result, text } = await run('/classic', { totpSecret: null });
    expect(result).toMatchObject({ ok: false, code: 'totp_required' });
    expect(text).toContain('Two-step verification');
  }, 30_000);
});
