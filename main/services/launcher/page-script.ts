/**
 * The scripts that run inside the login page. They are plain JavaScript strings, not serialized
 * TypeScript functions, so what runs in the page never depends on a bundler's helpers, and both
 * drivers (Electron `executeJavaScript`, CDP `Runtime.evaluate`) run exactly the same text.
 *
 * The page is foreign and untrusted: the scripts only read the DOM and set values; their results
 * are parsed (FieldInfoList) before any decision uses them.
 */
import { z } from 'zod';
import { FIELD_ROLES, type FieldInfo, type FieldRole } from '../../../domain/login-form';
import type { LoginSelectors } from '../../../domain/records';

/** The elements a login step may fill or press; `ref` indexes this list. */
export const CANDIDATES = 'input:not([type=hidden]), button';

const DESCRIBE = `(overrides) => {
  const forms = Array.from(document.forms);
  const labelOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return aria;
    if (el.tagName === 'BUTTON' || (el.type === 'submit' && el.value)) return (el.textContent || el.value || '').trim();
    const labels = el.labels ? Array.from(el.labels).map((l) => l.textContent || '') : [];
    return labels.join(' ').trim();
  };
  const matches = (el, selector) => { try { return el.matches(selector); } catch { return false; } };
  return Array.from(document.querySelectorAll(${JSON.stringify(CANDIDATES)})).map((el, ref) => {
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
}`;

/** Sets a value the way typing would, so frameworks that track input events (React) see it. */
const SET_VALUE = `(ref, value) => {
  const el = document.querySelectorAll(${JSON.stringify(CANDIDATES)})[ref];
  if (!(el instanceof HTMLInputElement)) return false;
  el.focus();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}`;

/** Clicks the button, or submits the form of the input (requestSubmit runs validation and handlers). */
const SUBMIT = `(ref) => {
  const el = document.querySelectorAll(${JSON.stringify(CANDIDATES)})[ref];
  if (!el) return false;
  if (el.tagName === 'BUTTON' || el.type === 'submit') { el.click(); return true; }
  if (el.form) { el.form.requestSubmit(); return true; }
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  return true;
}`;

/** A fingerprint of the page, to notice that a submit led somewhere. */
const FINGERPRINT = `() => location.href + '|' + document.querySelectorAll(${JSON.stringify(CANDIDATES)}).length + '|' + (document.body ? document.body.innerText.length : 0)`;

const call = (fn: string, ...args: unknown[]) => `(${fn})(${args.map((a) => JSON.stringify(a)).join(', ')})`;

export const describeFieldsScript = (selectors: LoginSelectors | null) => call(DESCRIBE, selectors ?? {});
export const setValueScript = (ref: number, value: string) => call(SET_VALUE, ref, value);
export const submitScript = (ref: number) => call(SUBMIT, ref);
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

export type { FieldRole };
