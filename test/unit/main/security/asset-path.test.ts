import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAssetPath } from '../../../../main/security/asset-path';

const root = path.resolve('/srv/latchkey/out/renderer');

describe('resolveAssetPath', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(resolveAssetPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveAssetPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveAssetPath(root, '/assets/my%20file.css')).toBe(path.join(root, 'assets/my file.css'));
  });

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/..%2f..%2fetc/passwd',
    '/assets/..%5c..%5cpackage.json',
    '/..\\package.json',
    '/index.html%00.js',
    '/%E0%A4%A',
    'index.html',
    '//etc/passwd',
    '/..',
  ])('never leaves the folder: %j', (urlPath) => {
    const resolved = resolveAssetPath(root, urlPath);
    if (resolved !== null) expect(resolved.startsWith(`${root}${path.sep}`)).toBe(true);
    expect(resolved).not.toBe(path.resolve(root, '../package.json'));
  });

  it('refuses traversal outright rather than clamping it', () => {
    expect(resolveAssetPath(root, '/../package.json')).toBeNull();
    expect(resolveAssetPath(root, '/%2e%2e/package.json')).toBeNull();
    expect(resolveAssetPath(root, '/index.html%00.js')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('names the types the renderer build produces and falls back to a download type', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/a.exe')).toBe('application/octet-stream');
  });
});
