import { describe, expect, it } from 'vitest';
import { buildCsp, CspSourceError } from '../../../../main/security/csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('buildCsp', () => {
  it('allows scripts and styles only from our origin and nothing inline', () => {
    const policy = directives(buildCsp());
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(buildCsp()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('adds the browser host socket to connect-src only', () => {
    const policy = directives(buildCsp({ connectSrc: ['ws://127.0.0.1:4123'] }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4123']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it.each([
    "ws://127.0.0.1:4123; script-src 'unsafe-inline'",
    'ws://127.0.0.1:4123 https://evil.example',
    "'unsafe-eval'",
    'ws://a.example, script-src *',
    'ws://a.example/\npath',
    '',
  ])('refuses a source that would change the policy: %j', (source) => {
    expect(() => buildCsp({ connectSrc: [source] })).toThrow(CspSourceError);
  });
});
