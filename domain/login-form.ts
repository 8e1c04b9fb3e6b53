/**
 * Which fields of a login page to fill: pure rules over a description of the page's inputs and
 * buttons (collected in the page by main/services/launcher/page-script.ts), so the same decision
 * runs under Electron and under Chromium over CDP, and is tested without a browser.
 *
 * Order of evidence follows the HTML standard's autofill tokens first (WHATWG HTML §4.10.18.7.1:
 * `username`, `email`, `current-password`, `one-time-code`), then input types, then names, ids,
 * labels and placeholders. A per-account selector (Account.loginSelectors) beats all of them.
 */

export const FIELD_ROLES = ['username', 'password', 'totp', 'submit'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];
export type FillRole = Exclude<FieldRole, 'submit'>;

/** One `<input>` or button of the page, as the page script describes it. */
export interface FieldInfo {
  /** Position among the page's candidates; the driver acts on `ref`. */
  ref: number;
  tag: 'input' | 'button';
  /** Lower-cased `type` (inputs default to `text`, buttons to `submit`). */
  type: string;
  name: string;
  id: string;
  autocomplete: string;
  placeholder: string;
  /** aria-label, associated `<label>` text, or a button's text. */
  label: string;
  inputMode: string;
  maxLength: number;
  /** Index of the owning `<form>`, -1 when outside any form. */
  form: number;
  /** Rendered and not disabled/read-only: only such fields are ever filled or clicked. */
  usable: boolean;
  /** Roles whose per-account override selector matches this element. */
  overrides: FieldRole[];
}

export interface LoginStep {
  /** Fields to fill in this step, in the order a person would. */
  fill: { role: FillRole; ref: number }[];
  /** Button to click afterwards; null = press Enter in the last filled field. */
  submit: number | null;
}

const TEXTUAL = new Set(['text', 'email', 'tel', 'number', '']);
const TOTP_WORDS =
  /one[-_ ]?time|otp|totp|2fa|mfa|two[-_ ]?factor|verif\w*[-_ ]?code|security[-_ ]?code|auth\w*[-_ ]?code|passcode|^code$/i;
const USER_WORDS = /user|login|e-?mail|account|identifier|member/i;
const SUBMIT_WORDS = /sign[-_ ]?in|log[-_ ]?in|continue|next|verify|submit/i;

const text = (f: FieldInfo) => `${f.name} ${f.id} ${f.placeholder} ${f.label}`;
const tokens = (f: FieldInfo) => f.autocomplete.toLowerCase().split(/\s+/);

function isTotp(f: FieldInfo): boolean {
  if (f.tag !== 'input' || !TEXTUAL.has(f.type)) return false;
  if (tokens(f).includes('one-time-code')) return true;
  return TOTP_WORDS.test(f.name) || TOTP_WORDS.test(f.id) || TOTP_WORDS.test(f.placeholder) || TOTP_WORDS.test(f.label);
}

function isPassword(f: FieldInfo): boolean {
  return f.tag === 'input' && f.type === 'password' && !tokens(f).includes('new-password') && !isTotp(f);
}

function usernameScore(f: FieldInfo): number {
  if (f.tag !== 'input' || !TEXTUAL.has(f.type) || isTotp(f)) return 0;
  const auto = tokens(f);
  if (auto.includes('username')) return 4;
  if (auto.includes('email')) return 3;
  if (f.type === 'email') return 2;
  return USER_WORDS.test(text(f)) ? 1 : 0;
}

function byOverride(fields: FieldInfo[], role: FieldRole): FieldInfo | undefined {
  return fields.find((f) => f.overrides.includes(role));
}

function pickUsername(fields: FieldInfo[], password: FieldInfo | undefined): FieldInfo | undefined {
  const scored = fields
    .map((f) => ({ f, score: usernameScore(f) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.f.ref - b.f.ref);
  if (scored[0]) return scored[0].f;
  // A plain text box right before the password in the same form is the username on most sites.
  if (password === undefined) return undefined;
  return fields
    .filter((f) => f.tag === 'input' && TEXTUAL.has(f.type) && f.form === password.form && f.ref < password.ref)
    .filter((f) => !isTotp(f))
    .at(-1);
}

function pickSubmit(fields: FieldInfo[], form: number): FieldInfo | undefined {
  const override = byOverride(fields, 'submit');
  if (override) return override;
  const buttons = fields.filter(
    (f) => (f.tag === 'button' && f.type === 'submit') || (f.tag === 'input' && f.type === 'submit'),
  );
  const inForm = buttons.filter((f) => form !== -1 && f.form === form);
  return inForm[0] ?? buttons.find((f) => SUBMIT_WORDS.test(f.label)) ?? (form === -1 ? buttons[0] : undefined);
}

/**
 * The next step of a (possibly multi-page) login: what to fill and what to press. Returns null
 * when the page holds no login form, i.e. the login is over (or never started). A code field is
 * reported even when the account has no TOTP secret, so the caller can say so instead of
 * pretending the login finished.
 */
export function planLoginStep(all: readonly FieldInfo[]): LoginStep | null {
  const fields = all.filter((f) => f.usable);
  const password = byOverride(fields, 'password') ?? fields.find(isPassword);
  const totp = byOverride(fields, 'totp') ?? fields.find((f) => f !== password && isTotp(f));
  // Identifier-first pages carry only a username; pickUsername then needs positive evidence
  // (autocomplete, type or name), so a lone search box never receives the username.
  const username = byOverride(fields, 'username') ?? pickUsername(fields, password);

  const fill: LoginStep['fill'] = [];
  if (username && username !== totp && username !== password) fill.push({ role: 'username', ref: username.ref });
  if (password) fill.push({ role: 'password', ref: password.ref });
  if (totp) fill.push({ role: 'totp', ref: totp.ref });
  if (fill.length === 0) return null;
  const anchor = totp ?? password ?? username;
  const submit = pickSubmit(fields, anchor?.form ?? -1);
  return { fill, submit: submit?.ref ?? null };
}

/**
 * The origin (scheme, host, port) a login may be filled in: the account's `loginUrl`'s, exactly
 * as a document reports it in `location.origin` (RFC 6454 §6.1), so the page script can compare
 * the two strings at the moment it types. Null for a URL that cannot be parsed.
 */
export function loginOrigin(loginUrl: string): string | null {
  if (!URL.canParse(loginUrl)) return null;
  const origin = new URL(loginUrl).origin;
  return origin === 'null' ? null : origin;
}

/**
 * Where a login step is allowed to go on, given the origin the page is on now:
 *  - `fill`: the page is on the account's own origin;
 *  - `done`: a login already sent on the own origin has moved on to another site that asks for
 *    nothing (an app on its own domain after the login page): the login is over;
 *  - `refuse`: anywhere else — a login URL that redirected away before anything was typed, or a
 *    foreign page that asks for credentials or a code. Nothing is typed there.
 */
export function originVerdict(
  expected: string,
  actual: string,
  state: { alreadyFilled: boolean; asksForCredentials: boolean },
): 'fill' | 'done' | 'refuse' {
  if (actual === expected) return 'fill';
  return state.alreadyFilled && !state.asksForCredentials ? 'done' : 'refuse';
}
