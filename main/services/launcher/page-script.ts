/**
 * The scripts that run inside the login page. They are plain JavaScript strings, not serialized
 * TypeScript functions, so what runs in the page never depends on a bundler's helpers, and both
 * drivers (Electron `executeJavaScript`, CDP `Runtime.evaluate`) run exactly the same text.
 *
 * The page is foreign and untrusted: the scripts only read the DOM and set values; their results
 * are parsed (PageDescription) before any decision uses them.
 *
 * Origin: every script that types or presses first compares the document's own `location.origin`
 * (unforgeable: [LegacyUnforgeable] in the HTML standard, a page cannot redefine it) with the
 * account's origin, in the same synchronous run as the typing — so a redirect, a navigation
 * between two steps, or a TOTP page on another site gets nothing, however the timing falls.
 * The value is touched only after that check, so a foreign page never sees it in a function it
 * could have replaced. The scripts run in the top document only and `querySelectorAll` does not
 * enter frames: nothing is ever typed into an iframe, of any origin.
 */
import { z } from 'zod';
import { FIELD_ROLES, type FieldInfo, type FieldRole } from '../../../domain/login-form';
import type { LoginSelectors } from '../../../domain/records';

/** The elements a login step may fill or press; `ref` indexes this list. */
export const CANDIDATES = 'input:not([type=hidden]), button';

const DESCRIBE = `(overrides) => {
  const origin = location.origin;
  const forms = Array.from(document.forms);
  const labelOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return aria;
    if (el.tagName === 'BUTTON' || (el.type === 'submit' && el.value)) return (el.textContent || el.value || '').trim();
    const labels = el.labels ? Array.from(el.labels).map((l) => l.textContent || '') : [];
    return labels.join(' ').trim();
  };
  const matches = (el, selector) => { try { return el.matches(selector); } catch { return false; } };
  const fields = Array.from(document.querySelectorAll(${JSON.stringify(CANDIDATES)})).map((el, ref) => {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const shown = style.display !== 'none' && style.visibility !== 'hidden' && rect.width > 0 && rect.height > 0;
    const isInput = el.tagName === 'INPUT';
    return {
      ref,
      tag: isInput ? 'input' : 'button',
      type: (el.getAttribute('type') || (isInput ? 'text' : 'submit')).toLowerCase(),
      name: el.getAttribute('name') || '',
      id: el.id || '',
      autocomplete: el.getAttribute('autocomplete') || '',
      placeholder: el.getAttribute('placeholder') || '',
      label: labelOf(el).slice(0, 200),
      inputMode: el.getAttribute('inputmode') || '',
      maxLength: isInput ? el.maxLength : -1,
      form: el.form ? forms.indexOf(el.form) : -1,
      usable: shown && !el.disabled && !el.readOnly,
      overrides: Object.entries(overrides).filter(([, sel]) => matches(el, sel)).map(([role]) => role),
    };
  });
  return { origin, fields };
}`;

/**
 * Sets a value the way typing would, so frameworks that track input events (React) see it.
 * Answers 'filled', 'wrong-origin' (nothing typed) or 'missing' (the field is gone).
 */
const SET_VALUE = `(ref, value, expectedOrigin) => {
  if (location.origin !== expectedOrigin) return 'wrong-origin';
  const el = document.querySelectorAll(${JSON.stringify(CANDIDATES)})[ref];
  if (!(el instanceof HTMLInputElement)) return 'missing';
  el.focus();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return 'filled';
}`;

/** Clicks the button, or submits the form of the input (requestSubmit runs validation and handlers). */
const SUBMIT = `(ref, expectedOrigin) => {
  if (location.origin !== expectedOrigin) return false;
  const el = document.querySelectorAll(${JSON.stringify(CANDIDATES)})[ref];
  if (!el) return false;
  if (el.tagName === 'BUTTON' || el.type === 'submit') { el.click(); return true; }
  if (el.form) { el.form.requestSubmit(); return true; }
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  return true;
}`;

/**
 * Where a real click on `ref` would land, if the document is still on `expectedOrigin`: the
 * element is scrolled into view and its centre returned when the element itself would receive
 * the click there (not disabled, not covered by a banner or overlay); otherwise 'not-ready', and
 * the driver waits for it the slow way. With `focus`, the element is focused instead (for Enter).
 */
const CLICK_POINT = `(ref, expectedOrigin, focus) => {
  if (location.origin !== expectedOrigin) return { outcome: 'wrong-origin' };
  const el = document.querySelectorAll(${JSON.stringify(CANDIDATES)})[ref];
  if (!el) return { outcome: 'not-ready' };
  if (focus) { el.focus(); return { outcome: document.activeElement === el ? 'focused' : 'not-ready' }; }
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (el.disabled || rect.width <= 0 || rect.height <= 0) return { outcome: 'not-ready' };
  const hit = document.elementFromPoint(x, y);
  if (!hit || (hit !== el && !el.contains(hit))) return { outcome: 'not-ready' };
  return { outcome: 'ready', x, y };
}`;

/** A fingerprint of the page, to notice that a submit led somewhere. */
const FINGERPRINT = `() => location.href + '|' + document.querySelectorAll(${JSON.stringify(CANDIDATES)}).length + '|' + (document.body ? document.body.innerText.length : 0)`;

const call = (fn: string, ...args: unknown[]) => `(${fn})(${args.map((a) => JSON.stringify(a)).join(', ')})`;

export const describeFieldsScript = (selectors: LoginSelectors | null) => call(DESCRIBE, selectors ?? {});
export const setValueScript = (ref: number, value: string, expectedOrigin: string) =>
  call(SET_VALUE, ref, value, expectedOrigin);
export const submitScript = (ref: number, expectedOrigin: string) => call(SUBMIT, ref, expectedOrigin);
/** The document's origin, to check before a step the page script cannot do itself (a real click). */
export const originScript = () => '(() => location.origin)()';
export const clickPointScript = (ref: number, expectedOrigin: string, focus: boolean) =>
  call(CLICK_POINT, ref, expectedOrigin, focus);
export const ClickPoint = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ready'), x: z.number().finite(), y: z.number().finite() }),
  z.object({ outcome: z.enum(['focused', 'not-ready', 'wrong-origin']) }),
]);

export const FillOutcome = z.enum(['filled', 'wrong-origin', 'missing']);
export type FillOutcome = z.infer<typeof FillOutcome>;
export const fingerprintScript = () => call(FINGERPRINT);

export const FieldInfoList = z
  .array(
    z.object({
      ref: z.number().int().min(0),
      tag: z.enum(['input', 'button']),
      type: z.string().max(100),
      name: z.string().max(2000),
      id: z.string().max(2000),
      autocomplete: z.string().max(2000),
      placeholder: z.string().max(2000),
      label: z.string().max(2000),
      inputMode: z.string().max(100),
      maxLength: z.number().int(),
      form: z.number().int(),
      usable: z.boolean(),
      overrides: z.array(z.enum(FIELD_ROLES)),
    }),
  )
  .max(5000) satisfies z.ZodType<FieldInfo[]>;

/** What the describe script answers: the document's origin and its candidate fields. */
export const PageDescription = z.object({ origin: z.string().max(2100), fields: FieldInfoList });
export type PageDescription = z.infer<typeof PageDescription>;

export type { FieldRole };
