/**
 * Attacks on the autofill engine through the real thing: the engine driving Debian's Chromium over
 * the DevTools protocol, against real HTTP sites on two ports of 127.0.0.1 (two origins). The
 * account's login URL is on `own`; whatever it leads to on `elsewhere` must receive nothing — no
 * form posted there, no value in its fields — and the login stops naming where it landed.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofill } from '../../main/services/launcher/autofill-engine';
import { type CdpAutofillWindow, cdpWindowOpener } from '../../main/services/launcher/cdp-driver';
import { type Site, startOriginSites } from './support/origin-sites';

const SECRET = {
  username: 'brand@contentzilla.test',
  password: 'correct horse battery',
  totpSecret: 'JBSWY3DPEHPK3PXP',
};

const openWindow = cdpWindowOpener({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
});
const windows: CdpAutofillWindow[] = [];
let own: Site;
let elsewhere: Site;

async function launch(pathname: string) {
  const win = await openWindow();
  windows.push(win);
  const result = await autofill(win.driver, { loginUrl: `${own.url}${pathname}`, ...SECRET, selectors: null });
  return { result, page: win.page };
}

/** The values of every input in the frames of `page` that belong to `origin`. */
async function valuesOn(page: Page, origin: string): Promise<string[]> {
  const frames = page.frames().filter((frame) => frame.url().startsWith(`${origin}/`));
  expect(frames.length).toBeGreaterThan(0);
  const values = await Promise.all(
    frames.map((frame) => frame.locator('input').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))),
  );
  return values.flat();
}

// Fresh sites for every attack, so one test's posts never count for another.
beforeEach(async () => {
  ({ own, elsewhere } = await startOriginSites());
});
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.close()));
  await own.close();
  await elsewhere.close();
});
afterAll(async () => {
  await openWindow.dispose();
});

describe('autofill fills only the account’s own origin', () => {
  it('a login URL that 302s to another port’s password form gets nothing, and the launch says where it landed', async () => {
    const { result, page } = await launch('/redirect');
    expect(result).toMatchObject({ ok: false, code: 'wrong_origin' });
    expect(result.ok ? '' : result.message).toContain(elsewhere.origin);
    expect(elsewhere.posts).toEqual([]);
    expect(await valuesOn(page, elsewhere.origin)).toEqual(['', '']);
    expect(JSON.stringify(result)).not.toContain(SECRET.password);
  }, 60_000);

  it('a cross-origin iframe with a password field beside the real form gets nothing', async () => {
    const { result } = await launch('/framed');
    expect(result).toMatchObject({ ok: true });
    // The account's own form was sent to its own site...
    expect(own.posts.map((p) => p.path)).toEqual(['/framed']);
    // ...and the framed look-alike received no post (its fields are checked in the next test).
    expect(elsewhere.posts).toEqual([]);
  }, 60_000);

  it('the framed look-alike’s fields stay empty while the real form is filled', async () => {
    const win = await openWindow();
    windows.push(win);
    await win.driver.open(`${own.url}/framed`);
    const { origin, fields } = await win.driver.describe(null);
    expect(origin).toBe(own.origin);
    const password = fields.find((f) => f.type === 'password');
    expect(await win.driver.fill(password?.ref ?? -1, SECRET.password, own.origin)).toBe('filled');
    expect(await valuesOn(win.page, elsewhere.origin)).toEqual(['', '']);
    expect(await win.page.locator('#p').inputValue()).toBe(SECRET.password);
  }, 60_000);

  it('a TOTP step on another origin gets nothing: no code typed, nothing posted there', async () => {
    const { result, page } = await launch('/classic');
    expect(result).toMatchObject({ ok: false, code: 'wrong_origin' });
    expect(result.ok ? '' : result.message).toContain(elsewhere.origin);
    expect(own.posts.map((p) => p.path)).toEqual(['/classic']);
    expect(elsewhere.posts).toEqual([]);
    expect(await valuesOn(page, elsewhere.origin)).toEqual(['']);
  }, 60_000);

  it('the page script itself refuses to type when the document is not on the expected origin', async () => {
    const win = await openWindow();
    windows.push(win);
    await win.driver.open(`${elsewhere.url}/login`);
    const { fields } = await win.driver.describe(null);
    const password = fields.find((f) => f.type === 'password');
    expect(await win.driver.fill(password?.ref ?? -1, SECRET.password, own.origin)).toBe('wrong-origin');
    expect(await win.driver.submit(null, password?.ref ?? 0, own.origin)).toBe(false);
    expect(await valuesOn(win.page, elsewhere.origin)).toEqual(['', '']);
    expect(elsewhere.posts).toEqual([]);
  }, 60_000);
});
