import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../../../main/security/deep-link';

describe('parseDeepLink', () => {
  it('reads the account of a launch link', () => {
    expect(parseDeepLink('latchkey://launch/acct_42-x')).toEqual({
      kind: 'launch',
      accountId: 'acct_42-x',
      nonce: null,
    });
  });

  it('reads the chiclet page’s nonce, and nothing else from the query', () => {
    const nonce = `${'A'.repeat(42)}_`;
    expect(parseDeepLink(`latchkey://launch/acct?n=${nonce}`)).toEqual({ kind: 'launch', accountId: 'acct', nonce });
  });

  it.each([
    'latchkey://launch/',
    'latchkey://launch/a/b',
    'latchkey://launch/..%2fsettings',
    'latchkey://launch/a%20b',
    'latchkey://launch/acct?then=https://evil.example',
    'latchkey://launch/acct#x',
    'latchkey://launch/acct?n=short',
    `latchkey://launch/acct?n=${'A'.repeat(43)}&n=${'B'.repeat(43)}`,
    `latchkey://launch/acct?n=${'A'.repeat(43)}&next=https://evil.example`,
    `latchkey://launch/acct?m=${'A'.repeat(43)}`,
    'latchkey://user@launch/acct',
    'latchkey://launch:99/acct',
    'latchkey://settings/acct',
    'https://launch/acct',
    `latchkey://launch/${'a'.repeat(65)}`,
    '--inspect=9229',
    '',
  ])('ignores %j', (raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it('ignores a non-string', () => {
    expect(parseDeepLink(undefined)).toBeNull();
  });
});
