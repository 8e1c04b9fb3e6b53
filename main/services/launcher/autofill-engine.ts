/**
 * Automated login: open the account's login page in an isolated window and walk its form, page
 * by page (username+password, then a code page), until no login form is left. The decisions are
 * domain/login-form.ts; the window is a driver (Electron BrowserWindow or Chromium over CDP).
 *
 * Secrets go from the caller to `driver.fill` and nowhere else: never into a URL, a log line, a
 * result or an error message. The TOTP code is computed just before it is typed (RFC 6238 §5.2:
 * a code is valid for its 30-second step), not when the launch started.
 *
 * Only the account's own origin (scheme, host and port of `loginUrl`) ever receives them: the
 * engine checks the page's origin before each step, and the page script checks it again in the
 * very run that types (page-script.ts), so a login URL that redirects elsewhere, a TOTP step on
 * another site, or a navigation between two steps stops the login and names where it landed.
 */
import { TOTP } from 'otpauth';
import { type FieldInfo, type FillRole, loginOrigin, originVerdict, planLoginStep } from '../../../domain/login-form';
import type { LoginSelectors } from '../../../domain/records';
import { isSecureOrLoopback } from '../../../domain/secure-url';

export interface AutofillDriver {
  /** Navigates and resolves once the document has loaded. */
  open(url: string): Promise<void>;
  /** The top document's origin (`location.origin`) and its candidate fields. */
  describe(selectors: LoginSelectors | null): Promise<{ origin: string; fields: FieldInfo[] }>;
  /** Types `value` into `ref` only if the document is still on `expectedOrigin`, checked in the page. */
  fill(ref: number, value: string, expectedOrigin: string): Promise<'filled' | 'wrong-origin' | 'missing'>;
  /**
   * Clicks `ref` (or submits the form of `fallbackRef`) if the document is still on
   * `expectedOrigin`, then waits until the page changed. False: not on that origin, nothing pressed.
   */
  submit(ref: number | null, fallbackRef: number, expectedOrigin: string): Promise<boolean>;
  currentUrl(): Promise<string>;
}

export interface AutofillTarget {
  loginUrl: string;
  username: string;
  password: string;
  totpSecret: string | null;
  selectors: LoginSelectors | null;
}

export type AutofillFailureCode =
  | 'no_login_form'
  | 'totp_required'
  | 'login_rejected'
  | 'too_many_steps'
  | 'wrong_origin'
  | 'insecure_login_url'
  | 'window_failed';

export type AutofillResult =
  | { ok: true; finalUrl: string; steps: number }
  | { ok: false; code: AutofillFailureCode; message: string };

/** Username+password, code, and one spare page (e.g. "remember this device?"). */
const MAX_STEPS = 4;

export function totpNow(secret: string, now: () => Date): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: now().getTime() });
}

export async function autofill(
  driver: AutofillDriver,
  target: AutofillTarget,
  deps: { now?: () => Date } = {},
): Promise<AutofillResult> {
  const now = deps.now ?? (() => new Date());
  const filled = new Set<FillRole>();
  const expected = loginOrigin(target.loginUrl);
  if (expected === null) return fail('wrong_origin', 'The login URL of this account is not a web address.');
  // The server refuses such URLs on write; an older record may still hold one. Never type a
  // password into a page anyone on the network path can read or rewrite.
  if (!isSecureOrLoopback(target.loginUrl)) {
    return fail(
      'insecure_login_url',
      `The login URL uses plain http (${expected}): Latchkey fills only https pages. An owner should change it to https.`,
    );
  }
  await driver.open(target.loginUrl);
  for (let step = 0; step < MAX_STEPS; step++) {
    const page = await driver.describe(target.selectors);
    const plan = planLoginStep(page.fields);
    const verdict = originVerdict(expected, page.origin, {
      alreadyFilled: filled.size > 0,
      asksForCredentials: plan !== null,
    });
    if (verdict === 'refuse') return elsewhere(expected, page.origin);
    if (verdict === 'done') return { ok: true, finalUrl: await driver.currentUrl(), steps: step };
    if (plan === null) {
      if (filled.size === 0) {
        return fail(
          'no_login_form',
          'No login form was found on the login page. An owner can set field selectors for this account.',
        );
      }
      return { ok: true, finalUrl: await driver.currentUrl(), steps: step };
    }
    // The same field asked for again means the site refused what we typed (wrong password, stale code).
    if (plan.fill.some(({ role }) => filled.has(role))) {
      return fail(
        'login_rejected',
        'The site did not accept the saved login. The password or TOTP secret may be out of date.',
      );
    }
    for (const { role, ref } of plan.fill) {
      const value = valueFor(role, target, now);
      if (value === null) {
        return fail('totp_required', 'The site asks for a one-time code, but this account has no TOTP secret saved.');
      }
      const typed = await driver.fill(ref, value, expected);
      if (typed === 'wrong-origin') return elsewhere(expected, await originNow(driver));
      if (typed === 'missing') return fail('no_login_form', 'The login form changed while it was being filled.');
      filled.add(role);
    }
    const last = plan.fill.at(-1);
    if (!(await driver.submit(plan.submit, last?.ref ?? 0, expected))) {
      return elsewhere(expected, await originNow(driver));
    }
  }
  return fail('too_many_steps', `The login did not finish within ${MAX_STEPS} pages.`);
}

function valueFor(role: FillRole, target: AutofillTarget, now: () => Date): string | null {
  if (role === 'username') return target.username;
  if (role === 'password') return target.password;
  return target.totpSecret === null ? null : totpNow(target.totpSecret, now);
}

async function originNow(driver: AutofillDriver): Promise<string> {
  const url = await driver.currentUrl();
  return loginOrigin(url) ?? url.slice(0, 200);
}

/** Names the origin the page landed on (never its path or query, which may carry tokens). */
function elsewhere(expected: string, landed: string): AutofillResult {
  const where = landed === 'null' || landed === '' ? 'a page without an origin' : landed;
  return fail(
    'wrong_origin',
    `Stopped: the login page went to ${where}, not to this account's site ${expected}. Nothing was typed there. An owner should check the account's login URL.`,
  );
}

function fail(code: AutofillFailureCode, message: string): AutofillResult {
  return { ok: false, code, message };
}
