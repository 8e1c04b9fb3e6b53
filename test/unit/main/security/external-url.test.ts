import { describe, expect, it } from 'vitest';
import { ExternalUrlRefused, guardOpenExternal } from '../../../../main/security/external-url';

describe('guardOpenExternal', () => {
  const opened: string[] = [];
  const open = guardOpenExternal(async (url) => void opened.push(url));

  it.each([
    'https://acme.okta.com/oauth2/default/v1/authorize?x=1',
    'http://127.0.0.1:7100/oauth2/default/v1/authorize',
    'http://localhost:7100/',
  ])('opens %s', async (url) => {
    await open(url);
    expect(opened.at(-1)).toBe(url);
  });

  it.each([
    'http://acme.okta.com/authorize',
    'file:///etc/passwd',
    'smb://attacker.example/share',
    'javascript:alert(1)',
    'ms-msdt:/id PCWDiagnostic',
    'latchkey://launch/acct',
    'not a url',
  ])('refuses %s without handing it to the OS', async (url) => {
    const before = opened.length;
    await expect(open(url)).rejects.toBeInstanceOf(ExternalUrlRefused);
    expect(opened.length).toBe(before);
  });
});
