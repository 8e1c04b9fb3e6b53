import { describe, expect, it } from 'vitest';
import { CLIPBOARD_CLEAR_SECONDS } from '../../../domain/clipboard-guard';
import { DESKTOP_CLIENT_ID } from '../../../domain/desktop-client';
import {
  connectionChanged,
  DEFAULT_SETTINGS,
  isConfigured,
  LOCK_AFTER_MINUTES,
  parseSettingsDraft,
  parseSettingText,
  parseStoredSetting,
} from '../../../domain/desktop-settings';

describe('desktop settings: defaults', () => {
  it('are not configured, with the desktop client id, a 10-minute lock and the clipboard default', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      syncServerUrl: null,
      issuer: null,
      clientId: DESKTOP_CLIENT_ID,
      lockAfterMinutes: 10,
      clipboardClearSeconds: CLIPBOARD_CLEAR_SECONDS.default,
    });
    expect(isConfigured(DEFAULT_SETTINGS)).toBe(false);
    expect(isConfigured({ ...DEFAULT_SETTINGS, syncServerUrl: 'https://s.example', issuer: 'https://o.example' })).toBe(
      true,
    );
  });
});

describe('desktop settings: the server and Okta addresses', () => {
  it.each([
    'https://latchkey.acme.example',
    'http://127.0.0.1:7200',
    'http://localhost:7100/oauth2/default',
    'http://[::1]:7200',
  ])('accept %s', (url) => {
    expect(parseSettingText('syncServerUrl', ` ${url} `)).toEqual({ ok: true, value: url });
    expect(parseSettingText('issuer', url)).toEqual({ ok: true, value: url });
  });

  it('refuse plain http to another machine, saying why', () => {
    expect(parseSettingText('syncServerUrl', 'http://latchkey.acme.example')).toEqual({
      ok: false,
      message: 'The sync server URL must use https (plain http only to 127.0.0.1 or localhost)',
    });
    expect(parseSettingText('issuer', 'http://127.0.0.1.evil.example/oauth2')).toMatchObject({
      ok: false,
      message: expect.stringContaining('The Okta issuer must use https'),
    });
  });

  it('refuse what is not a URL, and other schemes', () => {
    expect(parseSettingText('syncServerUrl', 'latchkey.acme.example')).toEqual({
      ok: false,
      message: 'The sync server URL must be a URL such as https://example.com',
    });
    expect(parseSettingText('issuer', 'ftp://127.0.0.1/')).toMatchObject({ ok: false });
    expect(parseSettingText('issuer', 'javascript:alert(1)')).toMatchObject({ ok: false });
  });

  it('an empty field means not set', () => {
    expect(parseSettingText('syncServerUrl', '  ')).toEqual({ ok: true, value: null });
    expect(parseStoredSetting('issuer', null)).toEqual({ ok: true, value: null });
  });
});

describe('desktop settings: client id and timeouts', () => {
  it('client id: trimmed, not empty, no spaces', () => {
    expect(parseSettingText('clientId', ' acme-desktop ')).toEqual({ ok: true, value: 'acme-desktop' });
    expect(parseSettingText('clientId', '')).toMatchObject({
      ok: false,
      message: expect.stringContaining('client id'),
    });
    expect(parseSettingText('clientId', 'two words')).toEqual({ ok: false, message: 'The client id has no spaces.' });
  });

  it('lock timeout: minutes from 0 (never) to 1440, fractions allowed', () => {
    expect(parseSettingText('lockAfterMinutes', '0')).toEqual({ ok: true, value: 0 });
    expect(parseSettingText('lockAfterMinutes', '0.05')).toEqual({ ok: true, value: 0.05 });
    expect(parseSettingText('lockAfterMinutes', String(LOCK_AFTER_MINUTES.max))).toEqual({ ok: true, value: 1440 });
    expect(parseSettingText('lockAfterMinutes', '1441')).toEqual({
      ok: false,
      message: 'The lock timeout is at most 1440 minutes (a day).',
    });
    for (const nonsense of ['', 'soon', '-1', '0x10', '1e3', 'Infinity']) {
      expect(parseSettingText('lockAfterMinutes', nonsense), nonsense).toEqual({
        ok: false,
        message: 'Enter a number of minutes from 0 to 1440.',
      });
    }
    expect(parseStoredSetting('lockAfterMinutes', -5)).toMatchObject({ ok: false });
  });

  it('clipboard timeout: whole seconds within the clipboard guard’s bounds', () => {
    expect(parseSettingText('clipboardClearSeconds', '45')).toEqual({ ok: true, value: 45 });
    expect(parseSettingText('clipboardClearSeconds', String(CLIPBOARD_CLEAR_SECONDS.max))).toMatchObject({ ok: true });
    expect(parseSettingText('clipboardClearSeconds', '0')).toEqual({
      ok: false,
      message: 'The clipboard timeout is at least 1 second.',
    });
    expect(parseSettingText('clipboardClearSeconds', '3601')).toMatchObject({ ok: false });
    expect(parseSettingText('clipboardClearSeconds', '2.5')).toEqual({
      ok: false,
      message: 'The clipboard timeout is a whole number of seconds.',
    });
  });
});

describe('desktop settings: a draft from the screen', () => {
  it('parses the fields sent, and leaves out those not sent', () => {
    expect(parseSettingsDraft({ syncServerUrl: 'https://s.example', clipboardClearSeconds: '5' })).toEqual({
      ok: true,
      values: { syncServerUrl: 'https://s.example', clipboardClearSeconds: 5 },
    });
  });

  it('names every wrong field with its own message', () => {
    const parsed = parseSettingsDraft({
      syncServerUrl: 'http://sync.acme.example',
      issuer: 'https://acme.okta.com/oauth2/default',
      lockAfterMinutes: 'never',
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        syncServerUrl: 'The sync server URL must use https (plain http only to 127.0.0.1 or localhost)',
        lockAfterMinutes: 'Enter a number of minutes from 0 to 1440.',
      },
    });
  });

  it('a change of server, issuer or client id is a change of connection; timeouts are not', () => {
    const base = { ...DEFAULT_SETTINGS, syncServerUrl: 'https://a.example', issuer: 'https://o.example' };
    expect(connectionChanged(base, { ...base, lockAfterMinutes: 1, clipboardClearSeconds: 5 })).toBe(false);
    expect(connectionChanged(base, { ...base, syncServerUrl: 'https://b.example' })).toBe(true);
    expect(connectionChanged(base, { ...base, issuer: null })).toBe(true);
    expect(connectionChanged(base, { ...base, clientId: 'other' })).toBe(true);
  });
});
