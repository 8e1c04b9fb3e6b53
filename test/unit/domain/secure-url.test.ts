import { describe, expect, it } from 'vitest';
import { isSecureOrLoopback } from '../../../domain/secure-url';

describe('isSecureOrLoopback', () => {
  it('accepts https anywhere and http only to this machine', () => {
    for (const ok of [
      'https://acme.okta.com/oauth2/default',
      'http://127.0.0.1:7100/oauth2/default',
      'http://127.8.9.10/',
      'http://localhost:7100',
      'http://[::1]:7100/',
    ]) {
      expect(isSecureOrLoopback(ok), ok).toBe(true);
    }
  });

  it('refuses http to any other host, look-alikes of loopback, other schemes and garbage', () => {
    for (const bad of [
      'http://acme.okta.com/oauth2/default',
      'http://127.0.0.1.attacker.example/',
      'http://localhost.attacker.example/',
      'http://10.0.0.1/',
      'ftp://127.0.0.1/',
      'not a url',
    ]) {
      expect(isSecureOrLoopback(bad), bad).toBe(false);
    }
  });
});
