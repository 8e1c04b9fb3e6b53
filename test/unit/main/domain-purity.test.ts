import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Biome's import rule keeps Node, Electron and DOM *modules* out of domain/, but DOM and Node
// *globals* need no import, and the one shared tsconfig (lib DOM, types node) lets them typecheck.
// This catches their use in code (comments are stripped first), so domain/ stays runnable anywhere.
const hostGlobals =
  /(?<![.\w$])(window|document|navigator|localStorage|sessionStorage|indexedDB|location|process|Buffer|require|__dirname|__filename|globalThis)\s*(\?\.|[.[(])/;

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('domain/', () => {
  const files = domainFiles(path.resolve('domain'));

  it('the check recognises host globals and not look-alike properties', () => {
    expect(hostGlobals.test('const ok = window.latchkey;')).toBe(true);
    expect(hostGlobals.test('const env = process.env.X;')).toBe(true);
    expect(hostGlobals.test("const x = require('fs');")).toBe(true);
    expect(hostGlobals.test('const where = account.location.city;')).toBe(false);
    expect(hostGlobals.test('const windowSize = 3;')).toBe(false);
  });

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [path.relative(process.cwd(), file), file]))('%s uses no host globals', (_name, file) => {
    const offending = withoutComments(readFileSync(file, 'utf8'))
      .split('\n')
      .map((line, index) => ({ line: index + 1, text: line.trim() }))
      .filter(({ text }) => hostGlobals.test(text));
    expect(offending).toEqual([]);
  });
});
