/**
 * Automated login: open the account's login page in an isolated window and walk its form, page
 * by page (username+password, then a code page), until no login form is left. The decisions are
 * domain/login-form.ts; the window is a driver (Electron BrowserWindow or Chromium over CDP).
 *
 * Secrets go from the caller to `driver.fill` and nowhere else: never into a URL, a log line, a
 * result or an error message. The TOTP code is computed just before it is typed (RFC 6238 §5.2:
 * a code is valid for its 30-second step), not when the launch started.
 */
import { TOTP } from 'otpauth';
import { type FieldInfo, type FillRole, planLoginStep } from '../../../domain/login-form';
import type { LoginSelectors } from '../../../domain/records';

export interface AutofillDriver {
  /** Navigates and resolves once the document has loaded. */
  open(url: string): Promise<void>;
  describe(selectors: LoginSelectors | null): Promise<FieldInfo[]>;
  fill(ref: number, value: string): Promise<void>;
  /** Clicks `ref` (or submits the form of `fallbackRef`), then waits until the page changed. */
  submit(ref: number | null, fallbackRef: number): Promise<void>;
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
  await driver.open(target.loginUrl);
  for (let step = 0; step < MAX_STEPS; step++) {
    const plan = planLoginStep(await driver.describe(target.selectors));
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
      await driver.fill(ref, value);
      filled.add(role);
    }
    const last = plan.fill.at(-1);
    await driver.submit(plan.submit, last?.ref ?? 0);
  }
  return fail('too_many_steps', `The login did not finish within ${MAX_STEPS} pages.`);
}

function valueFor(role: FillRole, target: AutofillTarget, now: () => Date): string | null {
  if (role === 'username') return target.username;
  if (role === 'password') return target.password;
  return target.totpSecret === null ? null : totpNow(target.totpSecret, now);
}

function fail(code: AutofillFailureCode, message: string): AutofillResult {
  return { ok: false, code, message };
}
