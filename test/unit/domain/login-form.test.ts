import { describe, expect, it } from 'vitest';
import { type FieldInfo, loginOrigin, originVerdict, planLoginStep } from '../../../domain/login-form';

let next = 0;
const field = (over: Partial<FieldInfo>): FieldInfo => ({
  ref: next++,
  tag: 'input',
  type: 'text',
  name: '',
  id: '',
  autocomplete: '',
  placeholder: '',
  label: '',
  inputMode: '',
  maxLength: -1,
  form: 0,
  usable: true,
  overrides: [],
  ...over,
});
const submit = (over: Partial<FieldInfo> = {}) => field({ tag: 'button', type: 'submit', label: 'Sign in', ...over });

describe('planLoginStep', () => {
  it('fills username and password by autocomplete tokens and presses the form’s submit button', () => {
    const search = field({ name: 'q', placeholder: 'Search', form: -1 });
    const user = field({ autocomplete: 'username', name: 'x1' });
    const pass = field({ type: 'password', autocomplete: 'current-password' });
    const button = submit();
    expect(planLoginStep([search, user, pass, button])).toEqual({
      fill: [
        { role: 'username', ref: user.ref },
        { role: 'password', ref: pass.ref },
      ],
      submit: button.ref,
    });
  });

  it('takes the text box before the password as the username when nothing else says so', () => {
    const user = field({ name: 'f_a' });
    const pass = field({ type: 'password' });
    expect(planLoginStep([user, pass])?.fill.map((f) => f.ref)).toEqual([user.ref, pass.ref]);
  });

  it('recognises a TOTP field by one-time-code, by name, or by its label', () => {
    for (const hint of [
      { autocomplete: 'one-time-code' },
      { name: 'totp' },
      { label: 'Verification code' },
      { name: 'code' },
    ]) {
      const code = field(hint);
      expect(planLoginStep([code, submit()])?.fill).toEqual([{ role: 'totp', ref: code.ref }]);
    }
  });

  it('fills an identifier-first page only when the field is plainly a username', () => {
    const email = field({ type: 'email', name: 'identifier' });
    expect(planLoginStep([email, submit({ label: 'Next' })])?.fill).toEqual([{ role: 'username', ref: email.ref }]);
    expect(planLoginStep([field({ name: 'q', placeholder: 'Search' }), submit({ label: 'Go' })])).toBeNull();
  });

  it('never fills a new-password field, hidden or disabled fields', () => {
    expect(planLoginStep([field({ type: 'password', autocomplete: 'new-password' })])).toBeNull();
    expect(
      planLoginStep([field({ type: 'password', usable: false }), field({ autocomplete: 'username', usable: false })]),
    ).toBeNull();
  });

  it('lets per-account selectors override every heuristic', () => {
    const decoy = field({ autocomplete: 'username' });
    const user = field({ overrides: ['username'] });
    const pass = field({ overrides: ['password'] });
    const go = field({ tag: 'button', type: 'button', overrides: ['submit'] });
    expect(planLoginStep([decoy, user, pass, submit(), go])).toEqual({
      fill: [
        { role: 'username', ref: user.ref },
        { role: 'password', ref: pass.ref },
      ],
      submit: go.ref,
    });
  });

  it('returns null on a page without a login form (the login is over)', () => {
    expect(
      planLoginStep([field({ name: 'q', form: -1 }), field({ tag: 'button', type: 'button', label: 'Sign out' })]),
    ).toBeNull();
  });
});

describe('loginOrigin and originVerdict', () => {
  it('takes scheme, host and port of the login URL, as a document reports location.origin', () => {
    expect(loginOrigin('https://Login.Example.test:443/sign-in?next=/')).toBe('https://login.example.test');
    expect(loginOrigin('http://127.0.0.1:7100/demo')).toBe('http://127.0.0.1:7100');
    expect(loginOrigin('not a url')).toBeNull();
    expect(loginOrigin('data:text/html,<form>')).toBeNull();
  });

  it('fills only on the own origin; elsewhere is the end of a login already sent, or a refusal', () => {
    const own = 'https://login.example.test';
    const verdict = (actual: string, alreadyFilled: boolean, asksForCredentials: boolean) =>
      originVerdict(own, actual, { alreadyFilled, asksForCredentials });
    expect(verdict(own, false, true)).toBe('fill');
    expect(verdict('https://login.example.test:8443', false, true)).toBe('refuse');
    expect(verdict('http://login.example.test', false, true)).toBe('refuse');
    expect(verdict('https://evil.test', false, false)).toBe('refuse');
    expect(verdict('https://evil.test', true, true)).toBe('refuse');
    expect(verdict('https://app.example.test', true, false)).toBe('done');
    expect(verdict('null', true, true)).toBe('refuse');
  });
});
