import { describe, expect, it } from 'vitest';
import { isTrustedAppUrl, isTrustedOrigin } from '../../../../main/security/trusted-url';

const electronApp = { protocol: 'app:', host: 'latchkey' };
const browserHost = { protocol: 'http:', host: '127.0.0.1:4123' };

describe('isTrustedAppUrl', () => {
  it.each(['app://latchkey/index.html', 'app://latchkey/', 'app://latchkey/assets/index.js?x=1#y'])(
    'accepts our own page %s',
    (url) => {
      expect(isTrustedAppUrl(url, electronApp)).toBe(true);
    },
  );

  it.each([
    ['another host on our scheme', 'app://evil/index.html'],
    ['a host that starts with ours', 'app://latchkey.evil.example/'],
    ['userinfo that looks like our host', 'app://latchkey@evil.example/'],
    ['credentials on our own host', 'app://user:pass@latchkey/'],
    ['another scheme', 'https://latchkey/'],
    ['file URLs', 'file:///work/main/out/renderer/index.html'],
    ['javascript URLs', 'javascript:alert(1)'],
    ['data URLs', 'data:text/html,<script>alert(1)</script>'],
    ['about:blank (a fresh iframe)', 'about:blank'],
    ['an empty string', ''],
    ['garbage', 'not a url'],
    ['a host differing only in case', 'app://LATCHKEY/'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedAppUrl(url, electronApp)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['app://latchkey/']])('refuses a non-string (%j)', (value) => {
    expect(isTrustedAppUrl(value, electronApp)).toBe(false);
  });

  it('tells the browser host from another port or host on loopback', () => {
    expect(isTrustedAppUrl('http://127.0.0.1:4123/', browserHost)).toBe(true);
    expect(isTrustedAppUrl('http://127.0.0.1:4124/', browserHost)).toBe(false);
    expect(isTrustedAppUrl('http://localhost:4123/', browserHost)).toBe(false);
    expect(isTrustedAppUrl('https://127.0.0.1:4123/', browserHost)).toBe(false);
  });
});

describe('isTrustedOrigin', () => {
  it('accepts exactly our serialized origin', () => {
    expect(isTrustedOrigin('http://127.0.0.1:4123', browserHost)).toBe(true);
  });

  it.each([
    'null',
    'http://127.0.0.1:4123/',
    'http://127.0.0.1:41234',
    'http://127.0.0.1',
    'http://localhost:4123',
    'https://127.0.0.1:4123',
    'http://evil.example',
    'HTTP://127.0.0.1:4123',
    '',
  ])('refuses %j', (origin) => {
    expect(isTrustedOrigin(origin, browserHost)).toBe(false);
  });

  it('refuses a missing header', () => {
    expect(isTrustedOrigin(undefined, browserHost)).toBe(false);
  });
});
